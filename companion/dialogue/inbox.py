"""UtteranceInbox: turns the voice listener's bus events into `next_utterance(timeout)`.

Why: `run_conversation` pulls one final utterance at a time with a silence timeout; the
listener pushes events from its own thread. This queue is the hand-over. While the user
is speaking (UserSpeechStarted) the silence clock starts again, so a long sentence is not
mistaken for silence.
"""

from __future__ import annotations

import queue
import time
from collections.abc import Callable

from companion.bus import EventBus
from companion.events import UserSpeechStarted, Utterance

_CLOSED = object()
_SPEAKING = object()


class UtteranceInbox:
    """`notice(text)` (e.g. Conversation.notice) sees each utterance as it arrives, on the
    listener's thread, so a spoken "stop" can end an exercise that is still running."""

    def __init__(
        self,
        notice: Callable[[str], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._queue: queue.Queue[object] = queue.Queue()
        self.notice = notice
        self.clock = clock
        self._closed = False

    def attach(self, bus: EventBus) -> UtteranceInbox:
        bus.subscribe(Utterance, self.on_utterance)
        bus.subscribe(UserSpeechStarted, self.on_speech_started)
        return self

    def on_utterance(self, event: Utterance) -> None:
        # The bus cannot unsubscribe: a closed inbox (its conversation is over) just ignores.
        if not self._closed and event.final and event.text.strip():
            self._queue.put(event.text)
            if self.notice is not None:
                self.notice(event.text)

    def on_speech_started(self, event: UserSpeechStarted) -> None:
        if not self._closed:
            self._queue.put(_SPEAKING)

    def close(self) -> None:
        """No more input (app paused or shutting down): the conversation closes."""
        self._closed = True
        self._queue.put(_CLOSED)

    def __call__(self, timeout: float) -> str | None:
        deadline = self.clock() + timeout
        while True:
            remaining = deadline - self.clock()
            if remaining <= 0:
                return None
            try:
                item = self._queue.get(timeout=remaining)
            except queue.Empty:
                return None
            if item is _CLOSED:
                raise EOFError
            if item is _SPEAKING:
                deadline = self.clock() + timeout  # the user is talking: wait for the words
                continue
            return str(item)
