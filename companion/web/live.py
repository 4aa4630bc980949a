"""The dashboard's view of "now", fed by the bus and read by request threads.

Why a separate object: the dashboard must never reach into the watcher or the dialogue;
it keeps only the latest of each event it cares about (plus a few minutes of valence for
the sparkline) behind a lock, and hands out plain dict snapshots.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Any

from companion.bus import EventBus
from companion.events import AppStateChanged, CameraStatus, CheckIn, ConversationEnded, MoodUpdate

RECENT_S = 300.0


class LiveState:
    """Latest mood, app state, camera state and last check-in; thread-safe snapshots."""

    def __init__(self, clock: Callable[[], float] = time.time, state: str = "stopped") -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._mood: dict[str, Any] | None = None
        self._mood_at: float | None = None
        self._state = state
        self._state_detail = ""
        self._camera: dict[str, str] | None = None
        self._last_checkin: dict[str, Any] | None = None
        self._last_conversation: dict[str, Any] | None = None
        self._recent: deque[tuple[float, float | None]] = deque()
        self._seq = 0

    def attach(self, bus: EventBus) -> LiveState:
        bus.subscribe(MoodUpdate, self.on_mood)
        bus.subscribe(AppStateChanged, self.on_state)
        bus.subscribe(CameraStatus, self.on_camera)
        bus.subscribe(CheckIn, self.on_checkin)
        bus.subscribe(ConversationEnded, self.on_conversation_ended)
        return self

    def on_mood(self, event: MoodUpdate) -> None:
        now = self._clock()
        with self._lock:
            self._mood = {
                "dominant": event.dominant,
                "valence": float(event.valence),
                "confidence": float(event.confidence),
                "face_present": bool(event.face_present),
                "scores": {k: float(v) for k, v in event.scores.items()},
            }
            self._mood_at = now
            self._recent.append((now, float(event.valence) if event.face_present else None))
            while self._recent and self._recent[0][0] < now - RECENT_S:
                self._recent.popleft()
            self._seq += 1

    def on_state(self, event: AppStateChanged) -> None:
        with self._lock:
            self._state, self._state_detail = event.state, event.detail
            self._seq += 1

    def on_camera(self, event: CameraStatus) -> None:
        with self._lock:
            self._camera = {"state": event.state, "message": event.message}
            self._seq += 1

    def on_checkin(self, event: CheckIn) -> None:
        with self._lock:
            self._last_checkin = {"t": self._clock(), "emotion": event.emotion}
            self._seq += 1

    def on_conversation_ended(self, event: ConversationEnded) -> None:
        with self._lock:
            self._last_conversation = {"t": self._clock(), "outcome": event.outcome}
            self._seq += 1

    def snapshot(self) -> dict[str, Any]:
        """A JSON-ready copy: what the Now page shows."""
        now = self._clock()
        with self._lock:
            return {
                "seq": self._seq,
                "now": now,
                "state": self._state,
                "state_detail": self._state_detail,
                "mood": dict(self._mood) if self._mood else None,
                "mood_age_s": None if self._mood_at is None else now - self._mood_at,
                "camera": dict(self._camera) if self._camera else None,
                "last_checkin": dict(self._last_checkin) if self._last_checkin else None,
                "last_conversation": (
                    dict(self._last_conversation) if self._last_conversation else None
                ),
                "recent": [[t - now, v] for t, v in self._recent],
            }
