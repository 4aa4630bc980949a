"""When to check in: negative mood sustained over a window, then cooldown, quiet hours, a cap.

Why two parts: `SustainedNegative` works on the source's clock (seconds of video or of
watching) and decides that the user has looked distressed for long enough; `CheckInGate`
works on the wall clock (injected, so tests control it) and decides whether now is a
moment the companion may speak. Every decision carries its reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import time as clock_time

import numpy as np

from companion.config import MoodSettings
from companion.mood.smoothing import NEGATIVE_MASK, Mood
from companion.vision.classifier import EMOTIONS

_SPAN = re.compile(r"^(\d\d):(\d\d)-(\d\d):(\d\d)$")


def negative_threshold(sensitivity: float) -> float:
    """Share of the mood negatives must hold: 0.65 at sensitivity 0, 0.50 at 0.5, 0.35 at 1."""
    return 0.65 - 0.3 * min(max(sensitivity, 0.0), 1.0)


def parse_quiet_hours(text: str) -> tuple[clock_time, clock_time] | None:
    """ "22:00-08:00" -> (22:00, 08:00); empty -> None. Validation happens in config."""
    match = _SPAN.match(text.strip())
    if not match:
        return None
    h0, m0, h1, m1 = (int(g) for g in match.groups())
    return clock_time(h0, m0), clock_time(h1, m1)


def in_quiet_hours(now: datetime, quiet_hours: str) -> bool:
    """True inside the span; spans that cross midnight (22:00-08:00) wrap."""
    span = parse_quiet_hours(quiet_hours)
    if span is None:
        return False
    start, end = span
    current = now.time()
    if start == end:
        return False
    if start < end:
        return start <= current < end
    return current >= start or current < end


@dataclass(frozen=True)
class Episode:
    """A stretch of sustained negative mood long enough to act on."""

    start_t: float
    end_t: float
    emotion: str
    confidence: float  # time-averaged share of the mood held by the negatives

    @property
    def duration_s(self) -> float:
        return self.end_t - self.start_t

    def describe(self) -> str:
        return (
            f"{self.emotion} for {self.duration_s:.0f} s "
            f"(negative share {self.confidence:.2f} on average)"
        )


class SustainedNegative:
    """Tracks how long negative emotions have dominated the smoothed mood.

    The run survives gaps (face away, or a brief lift of mood) up to gap_tolerance_s; a
    longer gap starts it over. Reads the settings on every update, so changes apply live.
    """

    def __init__(self, settings: MoodSettings) -> None:
        self.settings = settings
        self.reset()

    def reset(self) -> None:
        self._start: float | None = None
        self._last_ok: float | None = None
        self._weights = np.zeros(len(EMOTIONS))  # seconds x score of each negative emotion
        self._seconds = 0.0

    @property
    def running_s(self) -> float:
        """Seconds the current run has lasted (0 when none)."""
        if self._start is None or self._last_ok is None:
            return 0.0
        return self._last_ok - self._start

    def update(self, t: float, mood: Mood) -> Episode | None:
        """Fold in the mood at time t; return an Episode once the window is filled."""
        ok = mood.face_present and mood.negative >= negative_threshold(self.settings.sensitivity)
        gap = t - self._last_ok if self._last_ok is not None else 0.0
        if gap > self.settings.gap_tolerance_s:
            self.reset()
        if not ok:
            return None
        if self._start is None:
            self._start = t
        else:
            dt = max(t - (self._last_ok or t), 0.0)
            self._weights += dt * np.where(NEGATIVE_MASK, mood.scores, 0.0)
            self._seconds += dt
        self._last_ok = t
        if self._last_ok - self._start < self.settings.window_s or self._seconds <= 0:
            return None
        episode = Episode(
            start_t=self._start,
            end_t=self._last_ok,
            emotion=EMOTIONS[int(np.argmax(self._weights))],
            confidence=float(self._weights.sum() / self._seconds),
        )
        self.reset()
        return episode


class CheckInGate:
    """Cooldown after a check-in (longer after a decline), quiet hours and a daily cap."""

    def __init__(self, settings: MoodSettings) -> None:
        self.settings = settings
        self._quiet_until: datetime | None = None
        self._day: date | None = None
        self._count = 0

    def blocked(self, now: datetime) -> str | None:
        """Why a check-in may not happen now ("quiet_hours: ...", ...), or None if it may."""
        if in_quiet_hours(now, self.settings.quiet_hours):
            return f"quiet_hours: {self.settings.quiet_hours}"
        if self._quiet_until is not None and now < self._quiet_until:
            left = (self._quiet_until - now).total_seconds() / 60
            return f"cooldown: {left:.1f} min left"
        if self.checkins_today(now) >= self.settings.daily_cap:
            return f"daily_cap: {self.settings.daily_cap} check-ins today already"
        return None

    def checkins_today(self, now: datetime) -> int:
        return self._count if self._day == now.date() else 0

    def record_checkin(self, now: datetime) -> None:
        self._count = self.checkins_today(now) + 1
        self._day = now.date()
        self._extend(now + timedelta(minutes=self.settings.cooldown_min))

    def conversation_ended(self, outcome: str, now: datetime) -> None:
        """A decline buys a longer quiet; any other ending restarts the normal cooldown."""
        minutes = (
            self.settings.decline_cooldown_min
            if outcome == "declined"
            else self.settings.cooldown_min
        )
        self._extend(now + timedelta(minutes=minutes))

    def _extend(self, until: datetime) -> None:
        if self._quiet_until is None or until > self._quiet_until:
            self._quiet_until = until
