"""The user's resting expression, learned slowly, so a face that always reads "sad" is not distress.

Why: some resting faces read as sad or angry to any expression model. Over hours of
watching we average what the model says about this user and discount that much of the
negative emotions, never more than a fixed bound, and only once enough hours back it up:
a user who is sad from the first minute the app runs must still be noticed.
Only the negative emotions are discounted; a resting smile never hides anything.
Stored as baseline.json in the data dir (written atomically); `reset_baseline()` forgets it.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from companion import paths
from companion.mood.smoothing import NEGATIVE_MASK
from companion.vision.classifier import EMOTIONS

log = logging.getLogger(__name__)
BASELINE_FILE = "baseline.json"
FORMAT_VERSION = 1


def baseline_path() -> Path:
    """Where the learned baseline lives: <data dir>/baseline.json."""
    return paths.data_dir() / BASELINE_FILE


def reset_baseline(path: Path | None = None) -> bool:
    """Forget the learned baseline (settings reset, `companion forget`). True if one existed."""
    path = path or baseline_path()
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    return True


class Baseline:
    """A slow, bounded average of the user's emotion probabilities.

    time_constant_s: face-seconds the average spans (hours): a sad afternoon barely moves it.
    ramp_s: face-seconds before the discount reaches full strength (none at the start).
    max_discount: the most one negative emotion can be discounted (probability units);
    max_total_discount: the most all negatives together can be.
    """

    def __init__(
        self,
        path: Path | None = None,
        time_constant_s: float = 4 * 3600.0,
        ramp_s: float = 2 * 3600.0,
        max_discount: float = 0.25,
        max_total_discount: float = 0.35,
    ) -> None:
        self.path = path
        self.time_constant_s = time_constant_s
        self.ramp_s = ramp_s
        self.max_discount = max_discount
        self.max_total_discount = max_total_discount
        self.means = np.zeros(len(EMOTIONS))
        self.observed_s = 0.0

    def reset(self) -> None:
        """Forget in memory and on disk."""
        self.means = np.zeros(len(EMOTIONS))
        self.observed_s = 0.0
        if self.path is not None:
            reset_baseline(self.path)

    def learn(self, probs: Sequence[float] | np.ndarray, dt: float) -> None:
        """Fold in `dt` seconds of a face reading `probs`."""
        if dt <= 0:
            return
        p = np.asarray(probs, dtype=float)
        self.observed_s += dt
        # A running mean until one time constant is observed, then an exponential average:
        # unbiased from the first minute, slow forever after.
        weight = max(dt / self.observed_s, 1.0 - math.exp(-dt / self.time_constant_s))
        self.means += weight * (p - self.means)

    def discounts(self) -> np.ndarray:
        """Per-emotion amount subtracted from the mood (zero for non-negative emotions)."""
        ramp = min(1.0, self.observed_s / self.ramp_s) if self.ramp_s > 0 else 1.0
        d = np.where(NEGATIVE_MASK, np.minimum(self.means * ramp, self.max_discount), 0.0)
        total = d.sum()
        if total > self.max_total_discount:
            d *= self.max_total_discount / total
        return d

    def adjust(self, scores: np.ndarray) -> np.ndarray:
        """Scores with the resting expression discounted, renormalised to sum to 1."""
        if self.observed_s <= 0 or scores.sum() <= 0:
            return scores
        adjusted = np.clip(scores - self.discounts(), 0.0, None)
        total = adjusted.sum()
        return adjusted / total if total > 0 else scores

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": FORMAT_VERSION,
            "observed_s": round(self.observed_s, 3),
            "means": {
                name: round(float(v), 6) for name, v in zip(EMOTIONS, self.means, strict=True)
            },
        }

    @classmethod
    def load(cls, path: Path | None = None, **options: Any) -> Baseline:
        """The stored baseline, or a fresh one when there is none or it is unreadable."""
        path = path or baseline_path()
        baseline = cls(path, **options)
        if not path.exists():
            return baseline
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            means = np.array([float(data["means"][name]) for name in EMOTIONS])
            observed = float(data["observed_s"])
            if not (np.all(np.isfinite(means)) and np.all(means >= 0) and observed >= 0):
                raise ValueError("values out of range")
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.warning("ignoring unreadable baseline %s (%s); starting afresh", path, exc)
            return baseline
        baseline.means, baseline.observed_s = means, observed
        return baseline

    def save(self, path: Path | None = None) -> Path | None:
        """Write atomically (temp file + rename); nothing to do without a path."""
        path = path or self.path
        if path is None:
            return None
        paths.write_text_atomic(path, json.dumps(self.to_dict(), indent=2))
        return path
