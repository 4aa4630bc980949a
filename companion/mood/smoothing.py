"""Time-based smoothing of per-frame emotion probabilities into a mood.

Why time-based: the watcher analyses about 1 frame a second without a face and a few with
one, and per-frame predictions jitter. An exponential filter whose weight depends on the
seconds elapsed (not on the number of frames) gives the same mood at 1 fps or 5 fps, so
every threshold expressed in seconds means the same thing at any rate.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from companion.vision.classifier import EMOTIONS

NEGATIVE: tuple[str, ...] = ("angry", "disgust", "fear", "sad")
NEGATIVE_MASK = np.array([name in NEGATIVE for name in EMOTIONS])
# Valence: pleasant minus unpleasant. Surprise and neutral carry no sign on their own.
VALENCE_WEIGHTS = np.array(
    [1.0 if name == "happy" else -1.0 if name in NEGATIVE else 0.0 for name in EMOTIONS]
)


@dataclass(frozen=True)
class Mood:
    """The smoothed state at one instant (scores in EMOTIONS order, summing to 1)."""

    scores: np.ndarray
    face_present: bool
    evidence: float  # 0..1: how much of the last few seconds had a face to judge by

    @property
    def seen(self) -> bool:
        """False until the first face: the scores mean nothing yet."""
        return bool(self.scores.sum() > 0)

    @property
    def negative(self) -> float:
        """Share of the mood held by sad, angry, fear and disgust together."""
        return float(self.scores[NEGATIVE_MASK].sum())

    @property
    def valence(self) -> float:
        return float(np.clip(self.scores @ VALENCE_WEIGHTS, -1.0, 1.0))

    @property
    def dominant(self) -> str:
        return EMOTIONS[int(np.argmax(self.scores))] if self.seen else "none"

    @property
    def dominant_negative(self) -> str:
        """The strongest of the negative emotions (what a check-in is about)."""
        negatives = np.where(NEGATIVE_MASK, self.scores, -1.0)
        return EMOTIONS[int(np.argmax(negatives))]

    @property
    def confidence(self) -> float:
        """Evidence times clarity: low when the face was mostly away or the reading is flat."""
        return float(self.evidence * self.scores.max()) if self.seen else 0.0

    def with_scores(self, scores: np.ndarray) -> Mood:
        return Mood(scores, self.face_present, self.evidence)


class MoodSmoother:
    """Exponential smoothing of probabilities with a time constant in seconds.

    While the face is away the scores are held (not decayed towards anything), and the
    evidence decays; a face that comes back after more than `reset_after_s` starts afresh,
    so an old mood never colours a new sitting.
    """

    def __init__(self, time_constant_s: float = 6.0, reset_after_s: float | None = None) -> None:
        if time_constant_s <= 0:
            raise ValueError("time_constant_s must be positive")
        self.time_constant_s = time_constant_s
        self.reset_after_s = reset_after_s if reset_after_s is not None else 3 * time_constant_s
        self.reset()

    def reset(self) -> None:
        self._scores = np.zeros(len(EMOTIONS))
        self._evidence = 0.0
        self._last_t: float | None = None
        self._last_face_t: float | None = None

    def update(self, t: float, probs: Sequence[float] | np.ndarray | None) -> Mood:
        """Fold in one analysed frame at time t (seconds): its probabilities, or None (no face)."""
        # One frame never weighs more than one time constant, however long the pause before it.
        dt = 0.0 if self._last_t is None else min(max(t - self._last_t, 0.0), self.time_constant_s)
        self._last_t = t if self._last_t is None else max(t, self._last_t)
        alpha = 1.0 - math.exp(-dt / self.time_constant_s)
        present = probs is not None
        self._evidence += alpha * (float(present) - self._evidence)
        if present:
            p = np.asarray(probs, dtype=float)
            p = p / p.sum() if p.sum() > 0 else np.full(len(EMOTIONS), 1 / len(EMOTIONS))
            fresh = self._last_face_t is None or t - self._last_face_t > self.reset_after_s
            self._scores = p if fresh else self._scores + alpha * (p - self._scores)
            self._last_face_t = t
        return Mood(self._scores.copy(), present, self._evidence)
