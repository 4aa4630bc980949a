"""Guided breathing: phase timing (with an injected clock), stopping, patterns."""

from __future__ import annotations

import threading

import pytest

from companion.care import PATTERNS, CareKit, guide_breathing
from companion.care.breathing import cycle_seconds
from companion.dialogue.replies import Replies

CUES = {"in": "in", "hold": "hold", "out": "out", "done": "done", "stopped": "stopped"}


class FakeTime:
    """A clock that only moves when the exercise waits (or when speaking takes time)."""

    def __init__(self, speak_s: float = 0.0, stop_at: float | None = None) -> None:
        self.now = 100.0
        self.speak_s = speak_s
        self.stop_at = stop_at
        self.stop = threading.Event()
        self.log: list[tuple[float, str]] = []

    def clock(self) -> float:
        return self.now

    def say(self, text: str) -> None:
        self.log.append((round(self.now - 100.0, 6), text))
        self.now += self.speak_s

    def wait(self, seconds: float) -> bool:
        assert seconds > 0
        if self.stop_at is not None and self.now + seconds >= 100.0 + self.stop_at:
            self.now = 100.0 + self.stop_at
            self.stop.set()
            return True
        self.now += seconds
        return False


def test_478_timing() -> None:
    ft = FakeTime()
    assert guide_breathing(ft.say, CUES, pattern="4-7-8", cycles=2, clock=ft.clock, wait=ft.wait)
    assert ft.log == [
        (0.0, "in"),
        (4.0, "hold"),
        (11.0, "out"),
        (19.0, "in"),
        (23.0, "hold"),
        (30.0, "out"),
        (38.0, "done"),
    ]


def test_box_timing_does_not_drift_when_speaking_takes_time() -> None:
    ft = FakeTime(speak_s=1.5)
    assert guide_breathing(ft.say, CUES, pattern="box", cycles=3, clock=ft.clock, wait=ft.wait)
    starts = [t for t, cue in ft.log if cue != "done"]
    assert starts == [4.0 * i for i in range(12)]
    assert ft.log[-1] == (48.0, "done")
    assert cycle_seconds("box") == 16.0 and cycle_seconds("4-7-8") == 19.0


def test_stop_mid_exercise() -> None:
    ft = FakeTime(stop_at=13.0)
    finished = guide_breathing(
        ft.say, CUES, pattern="4-7-8", cycles=4, stop=ft.stop, clock=ft.clock, wait=ft.wait
    )
    assert not finished
    assert [cue for _, cue in ft.log] == ["in", "hold", "out", "stopped"]
    assert ft.log[-1][0] == 13.0


def test_stop_set_before_a_phase_ends_at_once() -> None:
    stop = threading.Event()
    stop.set()
    said: list[str] = []
    assert not guide_breathing(said.append, CUES, stop=stop)
    assert said == ["stopped"]


def test_unknown_pattern() -> None:
    with pytest.raises(ValueError, match="pattern"):
        guide_breathing(print, CUES, pattern="7-7-7")
    assert set(PATTERNS) == {"4-7-8", "box"}


def test_real_wait_is_interruptible_from_another_thread() -> None:
    kit = CareKit(breathing_cycles=4)
    said: list[str] = []
    timer = threading.Timer(0.3, kit.stop)
    timer.start()
    finished = kit.breathe(said.append, Replies("en").breathing_cues())
    timer.join()
    assert not finished
    assert said == ["Breathe in", "Okay, we'll stop here."]


def test_spoken_cues_come_from_templates_in_both_languages() -> None:
    for lang, first in (("en", "Breathe in"), ("zh", "吸气")):
        ft = FakeTime()
        kit = CareKit(breathing_cycles=1, clock=ft.clock, wait=ft.wait)
        assert kit.breathe(ft.say, Replies(lang).breathing_cues())
        assert ft.log[0] == (0.0, first)
        assert len(ft.log) == 4


def test_pattern_and_cycles_come_from_settings() -> None:
    from companion.config import CareSettings

    ft = FakeTime()
    kit = CareKit(
        CareSettings(breathing_pattern="box", breathing_cycles=2), clock=ft.clock, wait=ft.wait
    )
    assert kit.breathe(ft.say, CUES)
    assert ft.log[-1] == (32.0, "done")
