"""The learned resting expression: slow, bounded, persisted atomically, and forgettable."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from companion.config import MoodSettings
from companion.events import CheckIn
from companion.mood import Baseline, MoodTracker, baseline_path, reset_baseline
from companion.vision import EMOTIONS

NOON = datetime(2026, 3, 2, 12, 0, 0)


def face(**shares: float) -> np.ndarray:
    """Probabilities with the given shares; the remainder spread over the others."""
    p = np.zeros(len(EMOTIONS))
    for name, value in shares.items():
        p[EMOTIONS.index(name)] = value
    rest = [i for i, name in enumerate(EMOTIONS) if name not in shares]
    p[rest] = (1 - p.sum()) / len(rest)
    return p


RESTING_SAD = face(sad=0.45, neutral=0.40)  # a resting face the model reads as rather sad
REALLY_SAD = face(sad=0.85)


def checkins_for(tracker: MoodTracker, p: np.ndarray, seconds: int, start: float) -> list[CheckIn]:
    found = []
    for i in range(seconds):
        t = start + i
        found += [
            e
            for e in tracker.observe(t, p, now=NOON + timedelta(seconds=t))
            if isinstance(e, CheckIn)
        ]
    return found


def teach(baseline: Baseline, p: np.ndarray, hours: float) -> None:
    for _ in range(int(hours * 3600)):
        baseline.learn(p, 1.0)


@pytest.fixture
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return tmp_path / "data"


def test_baseline_path_follows_xdg(data_home: Path) -> None:
    assert baseline_path() == data_home / "companion" / "baseline.json"


def test_new_user_with_sad_face_is_noticed_from_the_start(data_home: Path) -> None:
    tracker = MoodTracker(MoodSettings(), baseline=Baseline.load())
    assert len(checkins_for(tracker, REALLY_SAD, 90, 0)) == 1
    tracker = MoodTracker(MoodSettings(), baseline=Baseline.load())
    assert len(checkins_for(tracker, RESTING_SAD, 90, 0)) == 1  # no history: nothing discounted


def test_learned_resting_face_stops_counting_but_real_sadness_still_does() -> None:
    baseline = Baseline()
    teach(baseline, RESTING_SAD, hours=3)
    tracker = MoodTracker(MoodSettings(), baseline=baseline)
    assert checkins_for(tracker, RESTING_SAD, 300, 0) == []
    found = checkins_for(tracker, REALLY_SAD, 120, 400)
    assert len(found) == 1 and found[0].emotion == "sad"


def test_learning_is_slow() -> None:
    """Ten minutes of a resting sad face discount almost nothing."""
    baseline = Baseline()
    teach(baseline, RESTING_SAD, hours=10 / 60)
    assert baseline.discounts().sum() < 0.05
    tracker = MoodTracker(MoodSettings(), baseline=baseline)
    assert len(checkins_for(tracker, RESTING_SAD, 90, 0)) == 1


def test_discount_is_bounded() -> None:
    """Hours of an extremely sad reading never make a strongly sad face invisible."""
    baseline = Baseline(max_discount=0.25, max_total_discount=0.35)
    teach(baseline, face(sad=0.6, angry=0.3), hours=12)
    d = baseline.discounts()
    assert d.max() <= 0.25 + 1e-9 and d.sum() <= 0.35 + 1e-9
    assert d[EMOTIONS.index("happy")] == 0 and d[EMOTIONS.index("neutral")] == 0
    adjusted = baseline.adjust(face(sad=0.9))
    assert adjusted[EMOTIONS.index("sad")] > 0.6
    tracker = MoodTracker(MoodSettings(), baseline=baseline)
    assert len(checkins_for(tracker, face(sad=0.9), 90, 0)) == 1


def test_learn_baseline_off_means_no_discount() -> None:
    baseline = Baseline()
    teach(baseline, RESTING_SAD, hours=3)
    before = baseline.observed_s
    tracker = MoodTracker(MoodSettings(learn_baseline=False), baseline=baseline)
    assert len(checkins_for(tracker, RESTING_SAD, 90, 0)) == 1
    assert baseline.observed_s == before  # nor does it learn


def test_tracker_teaches_only_face_time(data_home: Path) -> None:
    baseline = Baseline.load()
    tracker = MoodTracker(MoodSettings(), baseline=baseline)
    for i in range(100):
        tracker.observe(float(i), RESTING_SAD if i < 50 else None, now=NOON)
    assert 48 <= baseline.observed_s <= 50
    assert np.allclose(baseline.means, RESTING_SAD, atol=1e-6)


def test_saved_and_loaded(data_home: Path) -> None:
    baseline = Baseline.load()
    teach(baseline, RESTING_SAD, hours=0.5)
    path = baseline.save()
    assert path == baseline_path() and path.exists()
    assert [p.name for p in path.parent.iterdir()] == ["baseline.json"]  # no temp files left
    data = json.loads(path.read_text())
    assert data["version"] == 1 and set(data["means"]) == set(EMOTIONS)
    again = Baseline.load()
    assert again.observed_s == pytest.approx(baseline.observed_s, abs=1e-3)
    assert np.allclose(again.means, baseline.means, atol=1e-5)
    assert np.allclose(again.discounts(), baseline.discounts(), atol=1e-5)


@pytest.mark.parametrize(
    "content", ["", "{", "[1, 2]", '{"means": {"sad": 0.5}, "observed_s": 3}', "\x00\xff"]
)
def test_unreadable_file_starts_afresh(data_home: Path, content: str) -> None:
    path = baseline_path()
    path.parent.mkdir(parents=True)
    path.write_text(content, encoding="latin-1")
    baseline = Baseline.load()
    assert baseline.observed_s == 0 and baseline.discounts().sum() == 0
    teach(baseline, RESTING_SAD, hours=0.1)
    baseline.save()  # replaces the bad file with a good one
    assert Baseline.load().observed_s > 0


def test_negative_values_rejected(data_home: Path) -> None:
    path = baseline_path()
    path.parent.mkdir(parents=True)
    means = {name: -1.0 for name in EMOTIONS}
    path.write_text(json.dumps({"version": 1, "observed_s": 100, "means": means}))
    assert Baseline.load().observed_s == 0


def test_reset_forgets_on_disk_and_in_memory(data_home: Path) -> None:
    baseline = Baseline.load()
    teach(baseline, RESTING_SAD, hours=3)
    baseline.save()
    tracker = MoodTracker(MoodSettings(), baseline=baseline)
    tracker.reset_baseline()
    assert not baseline_path().exists()
    assert baseline.observed_s == 0 and baseline.discounts().sum() == 0
    assert len(checkins_for(tracker, RESTING_SAD, 90, 0)) == 1


def test_reset_baseline_function(data_home: Path) -> None:
    assert reset_baseline() is False
    baseline = Baseline.load()
    baseline.learn(RESTING_SAD, 1.0)
    baseline.save()
    assert reset_baseline() is True
    assert not baseline_path().exists()
