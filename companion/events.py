"""Plain typed events that components exchange over the bus.

Why: components never reach into each other's state; they publish one of these and
whoever cares subscribes. Each event is immutable and carries its own timestamp `t`
(seconds on the source's clock for vision events, so file runs are reproducible).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Event:
    """Base of every event; `to_dict` gives the JSON shape used by `--json` outputs."""

    t: float

    @property
    def type(self) -> str:
        return _TYPE_NAMES.get(type(self), type(self).__name__.lower())

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.type, **asdict(self)}


@dataclass(frozen=True)
class FaceObserved(Event):
    """One analysed frame: emotion probabilities of the main face, or None when no face."""

    probs: tuple[float, ...] | None
    score: float = 0.0


@dataclass(frozen=True)
class MoodUpdate(Event):
    """Smoothed mood, about once a second: a score per emotion, a valence in [-1, 1]."""

    scores: dict[str, float]
    valence: float
    confidence: float
    face_present: bool
    dominant: str


@dataclass(frozen=True)
class CheckIn(Event):
    """Sustained negative emotion: time to gently offer a conversation."""

    emotion: str
    duration_s: float
    confidence: float
    reason: str


@dataclass(frozen=True)
class CheckInSuppressed(Event):
    """A check-in was due but held back (cooldown, quiet hours, daily cap, paused)."""

    emotion: str
    reason: str


@dataclass(frozen=True)
class CameraStatus(Event):
    """The camera's state: "ok", "missing", "lost", "released" (paused/privacy)."""

    state: str
    message: str = ""


@dataclass(frozen=True)
class Utterance(Event):
    """Recognised speech; partials stream while the user talks, then one final."""

    text: str
    lang: str
    final: bool = True


@dataclass(frozen=True)
class UserSpeechStarted(Event):
    """Voice activity began: the companion stops talking at once (barge-in)."""


@dataclass(frozen=True)
class AppStateChanged(Event):
    """The app's state for tray and dashboard: watching, paused, privacy or talking."""

    state: str
    detail: str = ""


@dataclass(frozen=True)
class ConversationEnded(Event):
    """How a conversation ended: completed, declined, silence, crisis, interrupted."""

    outcome: str
    trigger: str = ""
    turns: int = 0
    transcript: tuple[tuple[str, str], ...] = field(default_factory=tuple)


_TYPE_NAMES: dict[type, str] = {
    FaceObserved: "face",
    MoodUpdate: "mood",
    CheckIn: "checkin",
    CheckInSuppressed: "checkin_suppressed",
    CameraStatus: "camera",
    Utterance: "utterance",
    UserSpeechStarted: "user_speech_started",
    AppStateChanged: "app_state",
    ConversationEnded: "conversation_ended",
}
