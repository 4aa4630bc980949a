"""The companion's ears and turn-taking: audio source -> VAD -> recogniser -> events.

One Listener owns one audio source. It emits, in order, for each utterance:
UserSpeechStarted, zero or more Utterance(final=False) partials, one Utterance(final=True)
(its text may be empty when speech was heard but nothing recognised). Barge-in: the
`on_speech_start` hook (e.g. `Speaker.stop`) runs on the listener's thread the moment
speech is detected, before the event is published, so the companion falls silent at once.
Event times `t` are seconds on the audio clock (frames consumed), so file runs replay
identically.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator

from companion.bus import EventBus
from companion.events import Event, UserSpeechStarted, Utterance
from companion.voice.audio_in import FRAME_MS, AudioSource
from companion.voice.stt import Recognizer
from companion.voice.vad import EndpointDetector, VadConfig

log = logging.getLogger(__name__)


class Listener:
    def __init__(
        self,
        source: AudioSource,
        recognizer: Recognizer,
        *,
        vad: VadConfig | None = None,
        on_speech_start: Callable[[], None] | None = None,
        is_talking: Callable[[], bool] | None = None,
    ) -> None:
        self.source = source
        self.recognizer = recognizer
        self.lang = recognizer.lang
        self.detector = EndpointDetector(vad)
        self.on_speech_start = on_speech_start
        self.is_talking = is_talking or (lambda: False)
        self._shutdown = threading.Event()
        self._thread: threading.Thread | None = None
        # perf_counter() at each utterance end detection, for latency measurements.
        self.end_detected_at: list[float] = []

    def events(self) -> Iterator[Event]:
        """Run over the source on the caller's thread, yielding events as they happen."""
        frames = 0
        for frame in self.source.frames():
            if self._shutdown.is_set():
                break
            frames += 1
            t = frames * FRAME_MS / 1000
            kind, audio = self.detector.push(frame, talking=self.is_talking())
            if kind == "start":
                if self.on_speech_start is not None:
                    self.on_speech_start()
                yield UserSpeechStarted(t=t)
            partial = None
            for chunk in audio:
                partial = self.recognizer.accept(chunk) or partial
            if kind == "end":
                self.end_detected_at.append(time.perf_counter())
                yield Utterance(t=t, text=self.recognizer.finish(), lang=self.lang, final=True)
            elif partial:
                yield Utterance(t=t, text=partial, lang=self.lang, final=False)
        if self.detector.in_speech:  # the source ended mid-utterance: close it properly
            self.detector.reset()
            self.end_detected_at.append(time.perf_counter())
            yield Utterance(
                t=frames * FRAME_MS / 1000, text=self.recognizer.finish(), lang=self.lang
            )

    def start(self, bus: EventBus) -> None:
        """Listen on a thread of our own, publishing every event on `bus`."""
        if self._thread is not None:
            raise RuntimeError("listener already started")

        def run() -> None:
            try:
                for event in self.events():
                    bus.publish(event)
            except Exception:
                log.exception("listener stopped after an error")

        self._thread = threading.Thread(target=run, name="voice-listener", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 2.0) -> None:
        """Stop listening: close the source and join the thread."""
        self._shutdown.set()
        self.source.close()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
