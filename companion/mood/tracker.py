"""MoodTracker: per-frame probabilities in, mood updates and check-in decisions out.

Why one object: the watcher (and tests) feed it frames with their time and get back the
events to publish; smoothing, baseline and trigger stay separately testable inside it.
Source time `t` drives smoothing and the window; the wall clock (`now`, injectable)
drives cooldown, quiet hours and the daily cap.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

import numpy as np

from companion.config import MoodSettings
from companion.events import CheckIn, CheckInSuppressed, Event, MoodUpdate
from companion.mood.baseline import Baseline
from companion.mood.smoothing import Mood, MoodSmoother
from companion.mood.trigger import CheckInGate, SustainedNegative
from companion.vision.classifier import EMOTIONS

MAX_LEARN_STEP_S = 2.0  # a frame never teaches the baseline for more than this many seconds


class MoodTracker:
    """Turns analysed frames into MoodUpdate (about once a second) and CheckIn events."""

    def __init__(
        self,
        settings: MoodSettings,
        baseline: Baseline | None = None,
        clock: Callable[[], datetime] = datetime.now,
        time_constant_s: float = 6.0,
        update_every_s: float = 1.0,
    ) -> None:
        self.settings = settings
        self.baseline = baseline
        self.clock = clock
        self.update_every_s = update_every_s
        self.smoother = MoodSmoother(time_constant_s)
        self.trigger = SustainedNegative(settings)
        self.gate = CheckInGate(settings)
        self.latest: MoodUpdate | None = None
        self._last_t: float | None = None
        self._next_update_t: float | None = None

    def observe(
        self, t: float, probs: Sequence[float] | np.ndarray | None, now: datetime | None = None
    ) -> list[Event]:
        """Fold in one analysed frame (probabilities of the main face, or None: no face)."""
        dt = 0.0 if self._last_t is None else max(t - self._last_t, 0.0)
        self._last_t = t
        learning = self.baseline is not None and self.settings.learn_baseline
        if probs is not None and learning:
            self.baseline.learn(probs, min(dt, MAX_LEARN_STEP_S))
        mood = self.smoother.update(t, probs)
        if learning and mood.seen:
            mood = mood.with_scores(self.baseline.adjust(mood.scores))
        events: list[Event] = []
        if self._next_update_t is None or t >= self._next_update_t:
            self.latest = _mood_event(t, mood)
            events.append(self.latest)
            self._next_update_t = t + self.update_every_s
        episode = self.trigger.update(t, mood)
        if episode is not None:
            now = now or self.clock()
            blocked = self.gate.blocked(now)
            if blocked is None:
                self.gate.record_checkin(now)
                events.append(
                    CheckIn(
                        t=round(t, 3),
                        emotion=episode.emotion,
                        duration_s=round(episode.duration_s, 1),
                        confidence=round(episode.confidence, 3),
                        reason=episode.describe(),
                    )
                )
            else:
                events.append(
                    CheckInSuppressed(
                        t=round(t, 3),
                        emotion=episode.emotion,
                        reason=f"{blocked}; {episode.describe()}",
                    )
                )
        return events

    def conversation_ended(self, outcome: str, now: datetime | None = None) -> None:
        """The dialogue finished; "declined" lengthens the quiet before the next check-in."""
        self.gate.conversation_ended(outcome, now or self.clock())
        self.trigger.reset()

    def reset_baseline(self) -> None:
        """Forget the learned resting expression, in memory and on disk."""
        if self.baseline is not None:
            self.baseline.reset()


def _mood_event(t: float, mood: Mood) -> MoodUpdate:
    return MoodUpdate(
        t=round(t, 3),
        scores={name: round(float(s), 4) for name, s in zip(EMOTIONS, mood.scores, strict=True)},
        valence=round(mood.valence, 4),
        confidence=round(mood.confidence, 4),
        face_present=mood.face_present,
        dominant=mood.dominant,
    )
