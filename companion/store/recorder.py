"""Feeds the store from the bus: MoodUpdate → per-minute sums, CheckIn, ConversationEnded.

Why aggregate here: MoodUpdates arrive about once a second; keeping a minute's sums in
memory and writing once per minute keeps the disk quiet and the history small, and a
minute is as fine a grain as a person's mood history needs. Times are wall-clock (when the
event arrived), because the history is about the user's day, not a video file's clock.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from collections.abc import Callable

from companion.bus import EventBus
from companion.config import PrivacySettings
from companion.events import CheckIn, ConversationEnded, MoodUpdate
from companion.store.db import MinuteAggregate, Store

log = logging.getLogger(__name__)
PRUNE_EVERY_S = 3600.0


class _Minute:
    """Running sums of one minute."""

    def __init__(self, minute: int, generation: int) -> None:
        self.minute = minute
        self.generation = generation
        self.samples = 0
        self.face_samples = 0
        self.valence_sum = 0.0
        self.confidence_sum = 0.0
        self.scores_sum: dict[str, float] = {}
        self.dominants: Counter[str] = Counter()

    def add(self, event: MoodUpdate) -> None:
        self.samples += 1
        if not event.face_present:
            return
        self.face_samples += 1
        self.valence_sum += float(event.valence)
        self.confidence_sum += float(event.confidence)
        for name, value in event.scores.items():
            self.scores_sum[name] = self.scores_sum.get(name, 0.0) + float(value)
        self.dominants[event.dominant] += 1

    def aggregate(self) -> MinuteAggregate:
        dominant = self.dominants.most_common(1)[0][0] if self.dominants else ""
        return MinuteAggregate(
            self.minute,
            self.samples,
            self.face_samples,
            self.valence_sum,
            self.confidence_sum,
            dict(self.scores_sum),
            dominant,
        )


class StoreRecorder:
    """Subscribes to the bus and writes what the history needs, nothing more.

    `privacy` is the live settings section: when the user turns keep_transcripts off in
    the dashboard, the next conversation is already stored without its words.
    """

    def __init__(
        self,
        store: Store,
        privacy: PrivacySettings,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.store = store
        self.privacy = privacy
        self.clock = clock
        self._lock = threading.Lock()
        self._current: _Minute | None = None
        self._last_prune = float("-inf")

    def attach(self, bus: EventBus) -> StoreRecorder:
        bus.subscribe(MoodUpdate, self.on_mood)
        bus.subscribe(CheckIn, self.on_checkin)
        bus.subscribe(ConversationEnded, self.on_conversation_ended)
        return self

    def on_mood(self, event: MoodUpdate) -> None:
        now = self.clock()
        minute = int(now // 60 * 60)
        finished = None
        with self._lock:
            if self._current is not None and self._current.minute != minute:
                finished, self._current = self._current, None
            if self._current is None:
                self._current = _Minute(minute, self.store.generation)
            self._current.add(event)
        if finished is not None:
            self._write(finished)
            self._maybe_prune(now)

    def on_checkin(self, event: CheckIn) -> None:
        self.store.add_checkin(
            self.clock(), event.emotion, event.duration_s, event.confidence, event.reason
        )

    def on_conversation_ended(self, event: ConversationEnded) -> None:
        transcript = tuple(event.transcript) if self.privacy.keep_transcripts else None
        self.store.add_conversation(
            self.clock(), event.outcome, event.trigger, event.turns, transcript
        )

    def flush(self) -> None:
        """Write the minute in progress (at shutdown, so its samples are not lost)."""
        with self._lock:
            current, self._current = self._current, None
        if current is not None and current.samples:
            self._write(current)

    def _write(self, minute: _Minute) -> None:
        if minute.generation != self.store.generation:
            return  # gathered before the user deleted everything: it goes too
        self.store.add_minute(minute.aggregate())

    def _maybe_prune(self, now: float) -> None:
        if now - self._last_prune < PRUNE_EVERY_S:
            return
        self._last_prune = now
        removed = self.store.prune(self.privacy.retention_days, now)
        if removed:
            log.info("retention: removed %d old records", removed)
