"""Audio output: sinks that play int16 mono audio and can be silenced at once.

Why our own playback instead of pyttsx3's say(): on Linux that shells out to `aplay`, which
cannot be interrupted cleanly, so barge-in would have to wait for the sentence to end. A
sink takes rendered samples and `stop()` drops everything not yet played within one
audio block (about 20 ms).
"""

from __future__ import annotations

import collections
import threading
import time
from collections.abc import Callable
from typing import Protocol

import numpy as np

from companion.errors import UserError
from companion.voice.audio_in import (
    _device_arg,
    _sounddevice,
    device_problem,
    resample,
    to_int16,
)

BLOCK_S = 0.02


class AudioSink(Protocol):
    """Plays queued audio in order; `stop()` silences it immediately."""

    def write(self, samples: np.ndarray, rate: int) -> None: ...

    def stop(self) -> None: ...

    @property
    def active(self) -> bool: ...

    def close(self) -> None: ...


def _at_rate(samples: np.ndarray, rate: int, target: int) -> np.ndarray:
    if rate == target:
        return np.asarray(samples, dtype=np.int16)
    return to_int16(resample(np.asarray(samples), rate, target))


class _Buffer:
    """Thread-safe queue of sample chunks that a playback clock drains block by block."""

    def __init__(self, on_first_audio: Callable[[float], None] | None) -> None:
        self._chunks: collections.deque[np.ndarray] = collections.deque()
        self._lock = threading.Lock()
        self._on_first_audio = on_first_audio
        self._announce = True

    def push(self, samples: np.ndarray) -> None:
        with self._lock:
            self._chunks.append(np.asarray(samples, dtype=np.int16).ravel())

    def clear(self) -> None:
        with self._lock:
            self._chunks.clear()
            self._announce = True

    def pending(self) -> int:
        with self._lock:
            return sum(c.size for c in self._chunks)

    def pull(self, n: int) -> np.ndarray:
        """Up to `n` samples (zero-padded to n); reports the first audible block of a turn."""
        out = np.zeros(n, dtype=np.int16)
        filled = 0
        with self._lock:
            while filled < n and self._chunks:
                chunk = self._chunks[0]
                take = min(n - filled, chunk.size)
                out[filled : filled + take] = chunk[:take]
                filled += take
                if take == chunk.size:
                    self._chunks.popleft()
                else:
                    self._chunks[0] = chunk[take:]
            announce = filled > 0 and self._announce
            if announce:
                self._announce = False
            if not self._chunks:
                self._announce = True
        if announce and self._on_first_audio:
            self._on_first_audio(time.perf_counter())
        return out


class MemorySink:
    """A sink with a software clock instead of a device: tests, benchmarks, headless runs.

    It "plays" in real time (or `speed` times faster) on its own thread and keeps what was
    played, so barge-in can be checked by how much of an utterance actually went out.
    """

    def __init__(
        self,
        speed: float = 1.0,
        on_first_audio: Callable[[float], None] | None = None,
    ) -> None:
        self.speed = speed
        self.rate: int | None = None
        self.played: list[np.ndarray] = []
        self.first_audio_times: list[float] = []
        self._buffer = _Buffer(self._first_audio)
        self._user_first_audio = on_first_audio
        self._wake = threading.Event()
        self._closed = threading.Event()
        self._thread = threading.Thread(target=self._run, name="memory-sink", daemon=True)
        self._thread.start()

    def _first_audio(self, t: float) -> None:
        self.first_audio_times.append(t)
        if self._user_first_audio:
            self._user_first_audio(t)

    def write(self, samples: np.ndarray, rate: int) -> None:
        if self.rate is None:
            self.rate = rate
        self._buffer.push(_at_rate(samples, rate, self.rate))
        self._wake.set()

    def stop(self) -> None:
        self._buffer.clear()

    @property
    def active(self) -> bool:
        return self._buffer.pending() > 0

    @property
    def played_samples(self) -> int:
        return int(sum(p.size for p in self.played))

    def _run(self) -> None:
        while not self._closed.is_set():
            if self._buffer.pending() == 0:
                self._wake.wait(0.05)
                self._wake.clear()
                continue
            n = int((self.rate or 16000) * BLOCK_S)
            pending = self._buffer.pending()
            block = self._buffer.pull(n)
            self.played.append(block[: min(n, pending)])
            self._closed.wait(BLOCK_S / self.speed)

    def close(self) -> None:
        self._closed.set()
        self._wake.set()
        self._thread.join(timeout=2)


def speaker_problem(device: str | int | None = None) -> str | None:
    """None when an audio output can be opened, else a plain sentence saying what is wrong."""
    return device_problem("output", device)


class SoundDeviceSink:
    """The default (or a named) audio output through PortAudio, one stream per sample rate."""

    def __init__(
        self,
        device: str | int | None = None,
        on_first_audio: Callable[[float], None] | None = None,
    ) -> None:
        problem = speaker_problem(device)
        if problem:
            raise UserError(
                f"cannot play audio: {problem} (use --out FILE.wav to render instead)",
                exit_code=3,
            )
        self.device = _device_arg(device)
        self._buffer = _Buffer(on_first_audio)
        self._stream = None
        self._rate: int | None = None
        self._lock = threading.Lock()

    def _callback(self, outdata, frames, time_info, status) -> None:  # PortAudio thread
        outdata[:, 0] = self._buffer.pull(frames)

    def write(self, samples: np.ndarray, rate: int) -> None:
        sd = _sounddevice()
        with self._lock:
            if self._stream is None:
                try:
                    self._stream = sd.OutputStream(
                        samplerate=rate,
                        channels=1,
                        dtype="int16",
                        device=self.device,
                        blocksize=int(rate * BLOCK_S),
                        latency="low",
                        callback=self._callback,
                    )
                    self._stream.start()
                except Exception as exc:
                    self._stream = None
                    raise UserError(f"cannot open the speaker ({exc})", exit_code=3) from None
                self._rate = rate
            # One stream for the session: audio at another rate is resampled, not a reopen
            # (reopening would replay queued audio at the wrong speed).
            self._buffer.push(_at_rate(samples, rate, self._rate or rate))

    def stop(self) -> None:
        self._buffer.clear()

    @property
    def active(self) -> bool:
        return self._buffer.pending() > 0

    def _close_stream(self) -> None:
        if self._stream is not None:
            try:
                self._stream.abort()
                self._stream.close()
            except Exception:
                pass
            self._stream = None

    def close(self) -> None:
        self._buffer.clear()
        with self._lock:
            self._close_stream()
