"""Text to speech: pyttsx3 rendered to audio on one worker thread, played through a sink.

pyttsx3 traps this module exists to contain (each has a test in tests/test_voice_tts.py):
- runAndWait can return before the WAV file exists (the espeak driver writes it from a
  synthesis callback): we wait for the finished-utterance callback, then for the file.
- Only the last utterance queued before a runAndWait is written: we queue exactly one.
- A runAndWait with nothing queued never returns on some drivers (and on espeak silently
  re-synthesises the previous text): we never call it without a fresh utterance queued.
- Changing the voice resets rate and volume on some drivers: we set voice, then rate and
  volume, for every utterance.
- say() on Linux shells out to `aplay`, which cannot be stopped: we only render to WAV and
  play the samples ourselves through a sink that stops at once.
- The espeak driver prints "Audio saved to ..." on stdout: that one line is filtered out,
  so `--json` output of other commands stays clean.
- The engine is not thread-safe and espeak initialises once per process: one thread owns it.
- espeak-ng runs asynchronously: property changes are queued in its command FIFO, and
  runAndWait's endLoop calls Cancel() while that FIFO is busy, which silently drops a rate
  or volume change (or cancels the utterance). We warm the engine up once, apply the
  properties while no loop runs, and wait for the FIFO to go idle before each utterance;
  an utterance reported as not completed is rendered once more.
- The espeak driver's GetParameter binding omits an argument, so getProperty("rate") and
  ("volume") are unreliable: tests check rate and volume in the audio itself.
"""

from __future__ import annotations

import concurrent.futures
import io
import logging
import queue
import re
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from companion.config import VoiceSettings
from companion.errors import UserError
from companion.voice.audio_in import read_wav, to_int16, write_wav
from companion.voice.audio_out import AudioSink

log = logging.getLogger(__name__)

LANGS = ("en", "zh")
# Ranked hints per language; espeak-ng first (ids), then SAPI5/NSSS names and locales.
_VOICE_HINTS: dict[str, tuple[str, ...]] = {
    "en": ("gmw/en-us", "en-us", "en_us", "gmw/en", "english", "en-gb", "en_gb", "en"),
    # Plain espeak `cmn` reads the tone digits of its own pinyin aloud in English.
    "zh": ("cmn-latn-pinyin", "zh-cn", "zh_cn", "huihui", "tingting", "chinese", "zh", "cmn"),
    "ko": ("ko", "korean"),
}
_AVOID = {"zh": ("yue", "cantonese", "jyutping", "hak", "taiwan")}
RENDER_TIMEOUT_S = 20.0
_SENTENCE_END = re.compile(r"(?<=[.!?;。！？；])\s*")
# pyttsx3 hands every caller the same engine and espeak keeps one global state per process,
# so renders from two Speakers must take turns. A lock is the only process-wide object here.
_ENGINE_LOCK = threading.Lock()


class TtsError(UserError):
    """Text to speech failed: no voice for a language, engine missing or stuck."""

    def __init__(self, message: str) -> None:
        super().__init__(message, exit_code=3)


@dataclass(frozen=True)
class VoiceInfo:
    id: str
    name: str
    languages: tuple[str, ...]


@dataclass(frozen=True)
class Rendered:
    """Rendered speech: int16 mono samples at `rate`."""

    samples: np.ndarray
    rate: int

    @property
    def duration_s(self) -> float:
        return self.samples.size / self.rate if self.rate else 0.0


def pick_voice(voices: Sequence[VoiceInfo], lang: str, preferred: str = "") -> VoiceInfo | None:
    """The best installed voice for `lang` (a configured id wins when it exists)."""
    if preferred:
        for v in voices:
            if preferred.lower() in (v.id.lower(), v.name.lower()):
                return v
        log.warning("configured voice %r is not installed; choosing one for %s", preferred, lang)
    avoid = _AVOID.get(lang, ())
    for hint in _VOICE_HINTS.get(lang, (lang,)):
        for v in voices:
            keys = [v.id.lower(), v.name.lower(), *(x.lower() for x in v.languages)]
            if any(a in k for k in keys for a in avoid):
                continue
            exact = any(k == hint or k.endswith("/" + hint) for k in keys)
            loose = len(hint) > 3 and any(hint in k for k in keys)
            if exact or loose:
                return v
    return None


class _MuteLine(io.TextIOBase):
    """Stdout stand-in that swallows the espeak driver's "Audio saved to <our file>" print."""

    def __init__(self, target: Any, needle: str) -> None:
        self.target = target
        self.needle = needle
        self._swallow_newline = False

    def write(self, text: str) -> int:
        if self.needle in text:
            self._swallow_newline = not text.endswith("\n")
            return len(text)
        if self._swallow_newline and text == "\n":
            self._swallow_newline = False
            return len(text)
        return self.target.write(text)

    def flush(self) -> None:
        self.target.flush()


class TtsEngine:
    """pyttsx3 used the safe way. Not thread-safe: only the Speaker's worker thread calls it."""

    def __init__(self, settings: VoiceSettings | None = None, driver: str | None = None) -> None:
        self.settings = settings or VoiceSettings()
        try:
            import pyttsx3

            self._engine = pyttsx3.init(driver)
        except Exception as exc:  # missing espeak-ng library, SAPI, ...
            raise TtsError(
                f"text to speech is unavailable ({exc}); on Linux install espeak-ng"
            ) from None
        self._espeak = getattr(self._engine, "driver_name", "") == "espeak"
        self._done = threading.Event()
        self._completed = True
        self._token = self._engine.connect("finished-utterance", self._on_finished)
        self._tmp = tempfile.TemporaryDirectory(prefix="companion-tts-")
        self._count = 0
        self._voices: list[VoiceInfo] | None = None
        # Warm-up: until a first loop has run, the driver proxy queues property changes
        # instead of applying them, which would make the first utterance behave differently.
        with _ENGINE_LOCK:
            self._synthesize("ok", Path(self._tmp.name) / "warmup.wav", RENDER_TIMEOUT_S)

    def _on_finished(self, name: Any = None, completed: bool = True, **_: Any) -> None:
        self._completed = bool(completed)
        self._done.set()

    def _wait_idle(self, timeout_s: float = 2.0) -> None:
        """Let espeak's command FIFO drain, so endLoop's Cancel() cannot drop our settings."""
        if not self._espeak:
            return
        from pyttsx3.drivers import _espeak

        quiet, deadline = 0, time.monotonic() + timeout_s
        while quiet < 2 and time.monotonic() < deadline:
            quiet = quiet + 1 if not _espeak.IsPlaying() else 0
            time.sleep(0.002)

    def _synthesize(self, text: str, path: Path, timeout_s: float) -> bool:
        """One utterance to `path`; True when the driver reports it completed."""
        self._wait_idle()
        self._done.clear()
        self._completed = True
        self._engine.save_to_file(text, str(path))  # exactly one utterance per runAndWait
        real_stdout = sys.stdout
        sys.stdout = _MuteLine(real_stdout, str(path))
        try:
            self._engine.runAndWait()
            finished = self._done.wait(timeout_s)
        finally:
            if isinstance(sys.stdout, _MuteLine):
                sys.stdout = real_stdout
        if not finished:
            raise TtsError("text to speech did not finish (engine stuck); try again")
        return self._completed

    def voices(self) -> list[VoiceInfo]:
        if self._voices is None:
            found = []
            for v in self._engine.getProperty("voices") or []:
                langs = tuple(
                    x.decode("utf-8", "ignore") if isinstance(x, bytes) else str(x)
                    for x in (getattr(v, "languages", None) or [])
                )
                found.append(VoiceInfo(str(v.id), str(v.name or v.id), langs))
            self._voices = found
        return self._voices

    def voice_for(self, lang: str) -> VoiceInfo | None:
        preferred = {"en": self.settings.voice_en, "zh": self.settings.voice_zh}.get(lang, "")
        return pick_voice(self.voices(), lang, preferred)

    def properties(self) -> dict[str, Any]:
        """The engine's current voice, rate and volume (what the next utterance will use)."""
        return {k: self._engine.getProperty(k) for k in ("voice", "rate", "volume")}

    def render(self, text: str, lang: str, timeout_s: float = RENDER_TIMEOUT_S) -> Rendered:
        """Synthesize `text` in `lang` to samples (blocking, on the caller's thread)."""
        voice = self.voice_for(lang)
        if voice is None:
            raise TtsError(f"no text-to-speech voice for language {lang!r} is installed")
        if not text.strip():  # pyttsx3 asserts on empty text; nothing to say is no audio
            return Rendered(np.zeros(0, dtype=np.int16), 22050)
        with _ENGINE_LOCK:
            return self._render_locked(text, voice, timeout_s)

    def _render_locked(self, text: str, voice: VoiceInfo, timeout_s: float) -> Rendered:
        self._count += 1
        path = Path(self._tmp.name) / f"utt-{self._count}.wav"
        # Voice first: on some drivers it resets rate and volume, so those follow it.
        self._engine.setProperty("voice", voice.id)
        self._engine.setProperty("rate", self.settings.rate)
        self._engine.setProperty("volume", self.settings.volume)
        if not self._synthesize(text, path, timeout_s):
            log.debug("utterance was cancelled by the driver; rendering it again")
            path.unlink(missing_ok=True)
            if not self._synthesize(text, path, timeout_s):
                raise TtsError("text to speech was interrupted twice; try again")
        deadline = time.monotonic() + timeout_s
        last_size = -1
        while time.monotonic() < deadline:  # the file may still be being flushed
            size = path.stat().st_size if path.exists() else -1
            if size >= 44 and size == last_size:  # a WAV header at least, and settled
                break
            last_size = size
            time.sleep(0.005)
        else:
            raise TtsError("text to speech produced no audio file")
        data, rate = read_wav(path)
        path.unlink(missing_ok=True)
        return Rendered(to_int16(data), rate)

    def close(self) -> None:
        self._engine.disconnect(self._token)
        self._tmp.cleanup()


def split_sentences(text: str) -> list[str]:
    """Sentences, so the first one can play while the rest is still being rendered."""
    parts = [p.strip() for p in _SENTENCE_END.split(text.strip())]
    return [p for p in parts if p]


@dataclass
class _Job:
    text: str
    lang: str
    generation: int
    future: concurrent.futures.Future | None = None  # set: render only, return the audio


class Speaker:
    """The companion's mouth: queue speech, stop it at once, or render it to a file.

    `speak()` returns immediately; a worker thread renders sentence by sentence into the
    sink, so the first sentence plays while later ones render. `stop()` (barge-in) silences
    the sink and drops queued speech. Without a sink, one is opened on the default speaker
    on first use (UserError with exit code 3 if there is none).
    """

    def __init__(
        self,
        settings: VoiceSettings | None = None,
        sink: AudioSink | None = None,
        engine_factory: Callable[[], TtsEngine] | None = None,
    ) -> None:
        self.settings = settings or VoiceSettings()
        self._sink = sink
        self._engine_factory = engine_factory or (lambda: TtsEngine(self.settings))
        self._jobs: queue.Queue[_Job | None] = queue.Queue()
        self._generation = 0
        self._busy = threading.Event()
        self._lock = threading.Lock()
        self._engine_ready = concurrent.futures.Future()
        self.last_error: Exception | None = None
        self._thread = threading.Thread(target=self._run, name="tts-worker", daemon=True)
        self._thread.start()

    # -- public API -------------------------------------------------------------------------
    def speak(self, text: str, lang: str = "en") -> None:
        """Queue `text` to be spoken in `lang` ("en" or "zh"); returns at once."""
        if not text or not text.strip():
            return
        self._sink_or_open()
        with self._lock:
            self._busy.set()
            self._jobs.put(_Job(text, lang, self._generation))

    def stop(self) -> None:
        """Silence now: drop what is queued and cut the current sentence (barge-in)."""
        with self._lock:
            self._generation += 1
            if self._sink is not None:
                self._sink.stop()

    @property
    def is_speaking(self) -> bool:
        """True while speech is queued, rendering or still playing."""
        return self._busy.is_set() or (self._sink is not None and self._sink.active)

    def wait(self, timeout: float | None = None) -> bool:
        """Block until everything queued has been played; False on timeout."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.is_speaking:
            if deadline is not None and time.monotonic() > deadline:
                return False
            time.sleep(0.01)
        return True

    def render(self, text: str, lang: str = "en", timeout_s: float = RENDER_TIMEOUT_S) -> Rendered:
        """Synthesize without playing (blocking); a stuck engine raises TtsError, never hangs."""
        future: concurrent.futures.Future = concurrent.futures.Future()
        self._jobs.put(_Job(text, lang, -1, future))
        try:
            return future.result(timeout=timeout_s)
        except concurrent.futures.TimeoutError:
            raise TtsError("text to speech did not answer in time (engine stuck)") from None

    def save(self, text: str, lang: str, path: str | Path) -> Path:
        """Render `text` to a WAV file at `path`."""
        rendered = self.render(text, lang)
        return write_wav(path, rendered.samples, rendered.rate)

    def voices(self, timeout_s: float = RENDER_TIMEOUT_S) -> dict[str, VoiceInfo | None]:
        """The voice chosen for each supported language (None: no voice installed)."""
        engine = self._engine(timeout_s)
        return {lang: engine.voice_for(lang) for lang in LANGS}

    def close(self) -> None:
        self.stop()
        self._jobs.put(None)
        self._thread.join(timeout=5)
        if self._sink is not None:
            self._sink.close()

    # -- internals --------------------------------------------------------------------------
    def _engine(self, timeout_s: float) -> TtsEngine:
        try:
            return self._engine_ready.result(timeout=timeout_s)
        except concurrent.futures.TimeoutError:
            raise TtsError("text to speech did not start in time") from None

    def _sink_or_open(self) -> AudioSink:
        if self._sink is None:
            from companion.voice.audio_out import SoundDeviceSink

            self._sink = SoundDeviceSink()
        return self._sink

    def _run(self) -> None:
        try:
            engine = self._engine_factory()
        except Exception as exc:
            self._engine_ready.set_exception(exc)
            self.last_error = exc
            engine = None
        else:
            self._engine_ready.set_result(engine)
        while True:
            job = self._jobs.get()
            if job is None:
                break
            if job.future is not None:
                self._render_job(engine, job)
            else:
                self._speak_job(engine, job)
            with self._lock:
                if self._jobs.empty():
                    self._busy.clear()
        if engine is not None:
            engine.close()

    def _render_job(self, engine: TtsEngine | None, job: _Job) -> None:
        assert job.future is not None
        try:
            if engine is None:
                raise self._engine_ready.exception() or TtsError("text to speech unavailable")
            job.future.set_result(engine.render(job.text, job.lang))
        except Exception as exc:
            job.future.set_exception(exc)

    def _speak_job(self, engine: TtsEngine | None, job: _Job) -> None:
        for sentence in split_sentences(job.text) or [job.text]:
            if job.generation != self._generation or engine is None:
                return
            try:
                rendered = engine.render(sentence, job.lang)
            except Exception as exc:
                self.last_error = exc
                log.warning("could not speak: %s", exc)
                return
            assert self._sink is not None
            with self._lock:  # a stop() cannot slip in between this check and the write
                if job.generation != self._generation:
                    return
                try:
                    self._sink.write(rendered.samples, rendered.rate)
                except Exception as exc:
                    self.last_error = exc
                    log.warning("could not play speech: %s", exc)
                    return
