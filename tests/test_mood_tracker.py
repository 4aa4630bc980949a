"""MoodTracker on synthetic probability streams: smoothing, window, gaps, cooldown, cap, hours."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

import numpy as np
import pytest

from companion.config import MoodSettings
from companion.events import CheckIn, CheckInSuppressed, MoodUpdate
from companion.mood import MoodSmoother, MoodTracker, in_quiet_hours, negative_threshold
from companion.vision import EMOTIONS

NOON = datetime(2026, 3, 2, 12, 0, 0)


def probs(emotion: str, strength: float = 0.8) -> np.ndarray:
    """A face reading `emotion` with `strength`, the rest spread over the other six."""
    p = np.full(len(EMOTIONS), (1 - strength) / (len(EMOTIONS) - 1))
    p[EMOTIONS.index(emotion)] = strength
    return p


def stream(
    seconds: float, fps: float, face: Callable[[float], np.ndarray | None], start: float = 0.0
) -> Iterable[tuple[float, np.ndarray | None]]:
    n = round(seconds * fps)
    for i in range(n):
        t = start + i / fps
        yield t, face(t)


def run(tracker: MoodTracker, samples, start: datetime = NOON) -> list:
    """Feed samples with the wall clock moving along with source time; collect events."""
    events = []
    for t, p in samples:
        events += tracker.observe(t, p, now=start + timedelta(seconds=t))
    return events


def checkins(events) -> list[CheckIn]:
    return [e for e in events if isinstance(e, CheckIn)]


def suppressed(events) -> list[CheckInSuppressed]:
    return [e for e in events if isinstance(e, CheckInSuppressed)]


def test_sustained_sad_gives_one_checkin_with_its_reason() -> None:
    tracker = MoodTracker(MoodSettings())
    events = run(tracker, stream(120, 3, lambda t: probs("sad")))
    found = checkins(events)
    assert len(found) == 1
    checkin = found[0]
    assert checkin.emotion == "sad"
    assert 60 <= checkin.duration_s <= 70
    assert 60 <= checkin.t <= 70
    assert checkin.confidence > 0.6
    assert "sad" in checkin.reason and "s " in checkin.reason
    assert not suppressed(events)


def test_angry_episode_names_angry() -> None:
    events = run(MoodTracker(MoodSettings()), stream(90, 2, lambda t: probs("angry", 0.7)))
    assert [c.emotion for c in checkins(events)] == ["angry"]


@pytest.mark.parametrize("fps", [1, 5])
def test_same_decision_at_any_frame_rate(fps: float) -> None:
    """Time-based smoothing: the check-in comes at the same source time at 1 or 5 fps."""
    reference = checkins(run(MoodTracker(MoodSettings()), stream(120, 3, lambda t: probs("sad"))))
    found = checkins(run(MoodTracker(MoodSettings()), stream(120, fps, lambda t: probs("sad"))))
    assert len(found) == 1
    assert abs(found[0].t - reference[0].t) <= 2.0


def test_flicker_gives_no_checkin() -> None:
    """Frame by frame the top emotion flips neutral/happy/fear, as fer does on a talking face."""
    cycle = ["neutral", "happy", "fear", "neutral", "sad", "happy"]
    events = run(
        MoodTracker(MoodSettings()),
        ((i / 3, probs(cycle[i % len(cycle)], 0.9)) for i in range(3 * 600)),
    )
    assert not checkins(events) and not suppressed(events)


def test_random_flicker_mostly_neutral_gives_no_checkin() -> None:
    rng = np.random.default_rng(7)
    names = ["neutral", "happy", "fear", "sad"]
    weights = [0.5, 0.2, 0.15, 0.15]
    samples = ((i / 4, probs(rng.choice(names, p=weights), 0.85)) for i in range(4 * 900))
    events = run(MoodTracker(MoodSettings()), samples)
    assert not checkins(events)


def test_short_sad_spells_give_no_checkin() -> None:
    """45 s sad, 30 s happy, again and again: never the full 60 s window."""
    events = run(
        MoodTracker(MoodSettings()),
        stream(600, 3, lambda t: probs("sad") if t % 75 < 45 else probs("happy")),
    )
    assert not checkins(events)


def test_face_away_briefly_is_tolerated() -> None:
    """The face leaves for 6 s of every 20 s (tolerance 10 s): still one sustained episode."""
    events = run(
        MoodTracker(MoodSettings(gap_tolerance_s=10)),
        stream(150, 3, lambda t: None if t % 20 >= 14 else probs("sad")),
    )
    found = checkins(events)
    assert len(found) == 1
    assert found[0].duration_s >= 60


def test_long_absences_restart_the_window() -> None:
    """Away 15 s of every 40 s with a 10 s tolerance: the run never reaches 60 s."""
    events = run(
        MoodTracker(MoodSettings(gap_tolerance_s=10)),
        stream(400, 3, lambda t: None if t % 40 >= 25 else probs("sad")),
    )
    assert not checkins(events)


def test_mood_updates_about_once_a_second() -> None:
    events = run(MoodTracker(MoodSettings()), stream(30, 3.3, lambda t: probs("happy")))
    updates = [e for e in events if isinstance(e, MoodUpdate)]
    assert 25 <= len(updates) <= 31
    last = updates[-1]
    assert last.dominant == "happy" and last.face_present
    assert last.valence > 0.5
    assert abs(sum(last.scores.values()) - 1) < 1e-3
    assert set(last.scores) == set(EMOTIONS)


def test_no_face_mood_update_says_so() -> None:
    events = run(MoodTracker(MoodSettings()), stream(5, 1, lambda t: None))
    updates = [e for e in events if isinstance(e, MoodUpdate)]
    assert updates and all(not u.face_present and u.dominant == "none" for u in updates)
    assert all(u.confidence == 0 for u in updates)


def test_cooldown_holds_back_the_next_checkin() -> None:
    tracker = MoodTracker(MoodSettings(cooldown_min=30))
    events = run(tracker, stream(40 * 60, 1, lambda t: probs("sad")))
    found = checkins(events)
    assert len(found) == 2
    assert 30 * 60 <= found[1].t - found[0].t <= 32 * 60
    held = suppressed(events)
    assert held and all(s.reason.startswith("cooldown:") and "sad" in s.reason for s in held)
    between = [s for s in held if found[0].t < s.t < found[1].t]
    assert 25 <= len(between) <= 31  # one decision per filled 60 s window, each with its reason
    assert all(s.t > found[0].t for s in held)


def test_decline_lengthens_the_cooldown() -> None:
    settings = MoodSettings(cooldown_min=30, decline_cooldown_min=120)
    tracker = MoodTracker(settings)
    first = checkins(run(tracker, stream(70, 1, lambda t: probs("sad"))))
    assert len(first) == 1
    tracker.conversation_ended("declined", now=NOON + timedelta(seconds=70))
    later = run(tracker, stream(150 * 60, 1, lambda t: probs("sad"), start=70))
    found = checkins(later)
    assert found, "a check-in comes back after the decline cooldown"
    assert found[0].t >= 70 + 120 * 60
    assert suppressed(later)[0].reason.startswith("cooldown:")


def test_completed_conversation_uses_normal_cooldown() -> None:
    settings = MoodSettings(cooldown_min=30, decline_cooldown_min=120)
    tracker = MoodTracker(settings)
    run(tracker, stream(70, 1, lambda t: probs("sad")))
    tracker.conversation_ended("completed", now=NOON + timedelta(seconds=70))
    found = checkins(run(tracker, stream(40 * 60, 1, lambda t: probs("sad"), start=70)))
    assert found and 70 + 30 * 60 <= found[0].t < 70 + 35 * 60


def test_quiet_hours_suppress_with_reason() -> None:
    settings = MoodSettings(quiet_hours="22:00-08:00")
    night = datetime(2026, 3, 2, 23, 30)
    events = run(MoodTracker(settings), stream(90, 2, lambda t: probs("sad")), start=night)
    assert not checkins(events)
    held = suppressed(events)
    assert len(held) == 1 and held[0].reason.startswith("quiet_hours:")
    assert held[0].emotion == "sad"
    day_events = run(MoodTracker(settings), stream(90, 2, lambda t: probs("sad")), start=NOON)
    assert len(checkins(day_events)) == 1


@pytest.mark.parametrize(
    ("span", "hhmm", "quiet"),
    [
        ("22:00-08:00", "23:59", True),
        ("22:00-08:00", "03:00", True),
        ("22:00-08:00", "08:00", False),
        ("22:00-08:00", "12:00", False),
        ("13:00-14:30", "14:00", True),
        ("13:00-14:30", "15:00", False),
        ("", "03:00", False),
    ],
)
def test_quiet_hours_spans(span: str, hhmm: str, quiet: bool) -> None:
    h, m = map(int, hhmm.split(":"))
    assert in_quiet_hours(datetime(2026, 3, 2, h, m), span) is quiet


def test_daily_cap_then_next_day() -> None:
    settings = MoodSettings(cooldown_min=1, daily_cap=2)
    evening = datetime(2026, 3, 2, 18, 0)
    tracker = MoodTracker(settings)
    events = run(tracker, stream(20 * 60, 1, lambda t: probs("sad")), start=evening)
    assert len(checkins(events)) == 2
    assert any(s.reason.startswith("daily_cap:") for s in suppressed(events))
    next_day = run(
        tracker,
        stream(70, 1, lambda t: probs("sad"), start=20 * 60),
        start=evening + timedelta(hours=18),
    )
    assert len(checkins(next_day)) == 1


def test_daily_cap_zero_never_checks_in() -> None:
    events = run(MoodTracker(MoodSettings(daily_cap=0)), stream(200, 1, lambda t: probs("fear")))
    assert not checkins(events)
    assert suppressed(events) and suppressed(events)[0].reason.startswith("daily_cap:")


def test_wall_clock_comes_from_injected_clock() -> None:
    """Without `now`, the tracker asks its clock (quiet hours here)."""
    tracker = MoodTracker(
        MoodSettings(quiet_hours="22:00-08:00"), clock=lambda: datetime(2026, 3, 2, 2, 0)
    )
    events = []
    for t, p in stream(90, 2, lambda t: probs("sad")):
        events += tracker.observe(t, p)
    assert not checkins(events) and suppressed(events)


def test_sensitivity_moves_the_threshold() -> None:
    assert negative_threshold(0.0) > negative_threshold(0.5) > negative_threshold(1.0)
    # Negatives holding 0.45 of the mood: only an eager setting acts on it.
    mild = np.zeros(len(EMOTIONS))
    mild[EMOTIONS.index("sad")] = 0.45
    mild[EMOTIONS.index("neutral")] = 0.55
    strict = run(MoodTracker(MoodSettings(sensitivity=0.0)), stream(90, 2, lambda t: mild))
    eager = run(MoodTracker(MoodSettings(sensitivity=1.0)), stream(90, 2, lambda t: mild))
    assert not checkins(strict)
    assert len(checkins(eager)) == 1


def test_settings_changes_apply_live() -> None:
    settings = MoodSettings(window_s=60)
    tracker = MoodTracker(settings)
    assert not checkins(run(tracker, stream(40, 2, lambda t: probs("sad"))))
    settings.window_s = 30
    found = checkins(run(tracker, stream(5, 2, lambda t: probs("sad"), start=40)))
    assert len(found) == 1


def test_smoother_is_rate_independent_and_holds_when_face_away() -> None:
    slow, fast = MoodSmoother(6.0), MoodSmoother(6.0)
    for i in range(10):
        slow.update(i, probs("happy"))
        fast.update(i, probs("happy"))
    for k in range(50):
        fast.update(10 + k / 5, probs("sad"))  # 10 s at 5 fps
    for i in range(10, 20):
        slow.update(i + 0.0, probs("sad"))  # 10 s at 1 fps
    a = slow.update(20.0, probs("sad")).scores
    current = fast.update(20.0, probs("sad"))
    assert np.abs(a - current.scores).max() < 0.05
    held = fast.update(23.0, None)
    assert not held.face_present
    assert np.allclose(held.scores, current.scores)
    assert held.evidence < current.evidence
