"""Audio input: 16 kHz mono 16-bit frames from a microphone, a WAV file or an array.

Why one frame shape everywhere: VAD (webrtcvad) and both recognisers want 16 kHz mono
int16, and webrtcvad only accepts 10/20/30 ms frames. Every source yields 30 ms frames of
that shape, so the listener cannot tell a microphone from a test WAV, and tests exercise
the same code path as the app.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import threading
import time
import wave
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

import numpy as np

from companion.errors import UserError

log = logging.getLogger(__name__)

SAMPLE_RATE = 16000
FRAME_MS = 30
FRAME_SAMPLES = SAMPLE_RATE * FRAME_MS // 1000
FRAME_BYTES = FRAME_SAMPLES * 2


class AudioSource(Protocol):
    """Anything that yields 30 ms frames of 16 kHz mono int16 little-endian bytes."""

    def frames(self) -> Iterator[bytes]: ...

    def close(self) -> None: ...


def resample(samples: np.ndarray, rate: int, target: int = SAMPLE_RATE) -> np.ndarray:
    """Resample a mono float/int signal; low-pass first when going down so speech stays clean."""
    x = samples.astype(np.float32)
    if rate == target or x.size == 0:
        return x
    if target < rate:
        # Windowed-sinc low-pass at the new Nyquist: keeps aliasing out of 4-8 kHz speech.
        cutoff = 0.5 * target / rate
        taps = np.arange(-32, 33, dtype=np.float32)
        kernel = 2 * cutoff * np.sinc(2 * cutoff * taps) * np.hamming(taps.size).astype(np.float32)
        x = np.convolve(x, kernel / kernel.sum(), mode="same")
    n_out = round(x.size * target / rate)
    positions = np.arange(n_out, dtype=np.float64) * (rate / target)
    return np.interp(positions, np.arange(x.size), x).astype(np.float32)


def to_int16(samples: np.ndarray) -> np.ndarray:
    return np.clip(np.round(samples), -32768, 32767).astype(np.int16)


def read_wav(path: str | Path) -> tuple[np.ndarray, int]:
    """Read a PCM WAV as mono float32 in int16 scale plus its sample rate; UserError if unusable."""
    path = Path(path)
    if not path.is_file():
        raise UserError(f"audio file not found: {path}")
    try:
        with wave.open(str(path), "rb") as wav:
            channels, width, rate = wav.getnchannels(), wav.getsampwidth(), wav.getframerate()
            raw = wav.readframes(wav.getnframes())
    except (wave.Error, EOFError, OSError) as exc:
        raise UserError(f"cannot read {path.name} as a PCM WAV file ({exc})") from None
    if width not in (1, 2, 3, 4) or channels < 1 or rate < 4000:
        raise UserError(f"unsupported WAV format in {path.name} ({width * 8}-bit, {rate} Hz)")
    usable = len(raw) - len(raw) % (width * channels)
    raw = raw[:usable]
    if width == 1:
        data = (np.frombuffer(raw, np.uint8).astype(np.float32) - 128.0) * 256.0
    elif width == 2:
        data = np.frombuffer(raw, "<i2").astype(np.float32)
    elif width == 3:
        b = np.frombuffer(raw, np.uint8).reshape(-1, 3).astype(np.int32)
        value = b[:, 0] | (b[:, 1] << 8) | (b[:, 2] << 16)
        value = np.where(value >= 1 << 23, value - (1 << 24), value)
        data = value.astype(np.float32) / 256.0
    else:
        data = np.frombuffer(raw, "<i4").astype(np.float32) / 65536.0
    data = data.reshape(-1, channels).mean(axis=1)
    return data, rate


def load_wav_16k(path: str | Path) -> np.ndarray:
    """A WAV file as 16 kHz mono int16, whatever its rate, width or channel count."""
    data, rate = read_wav(path)
    return to_int16(resample(data, rate))


def write_wav(path: str | Path, samples: np.ndarray, rate: int) -> Path:
    """Write mono int16 samples as a WAV file."""
    path = Path(path)
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(to_int16(np.asarray(samples)).tobytes())
    return path


class ArraySource:
    """Frames from a 16 kHz int16 array; `realtime` paces them like a live microphone.

    Why pacing matters: latency measurements and barge-in tests need audio to arrive at the
    speed of speech, while plain recognition tests run as fast as the CPU allows.
    """

    def __init__(self, samples: np.ndarray, realtime: bool = False) -> None:
        self.samples = np.asarray(samples, dtype=np.int16)
        self.realtime = realtime
        self._closed = threading.Event()
        self.started_at: float | None = None

    def frames(self) -> Iterator[bytes]:
        n = self.samples.size // FRAME_SAMPLES
        self.started_at = time.perf_counter()
        for i in range(n):
            if self._closed.is_set():
                return
            if self.realtime:
                due = self.started_at + (i + 1) * FRAME_MS / 1000
                delay = due - time.perf_counter()
                if delay > 0 and self._closed.wait(delay):
                    return
            yield self.samples[i * FRAME_SAMPLES : (i + 1) * FRAME_SAMPLES].tobytes()

    def close(self) -> None:
        self._closed.set()


class WavFileSource(ArraySource):
    """A WAV file behind the microphone's interface (converted to 16 kHz mono)."""

    def __init__(self, path: str | Path, realtime: bool = False) -> None:
        super().__init__(load_wav_16k(path), realtime=realtime)
        self.path = Path(path)


def _sounddevice():
    """Import sounddevice, turning a missing PortAudio library into a one-line UserError."""
    try:
        import sounddevice
    except (OSError, ImportError) as exc:
        raise UserError(
            f"audio is unavailable: PortAudio could not be loaded ({exc}); install libportaudio2",
            exit_code=3,
        ) from None
    return sounddevice


def _device_arg(device: str | int | None) -> str | int | None:
    if device in (None, ""):
        return None
    if isinstance(device, str) and device.strip().isdigit():
        return int(device)
    return device


def device_problem(kind: str, device: str | int | None = None) -> str | None:
    """None when an audio device of `kind` ("input" or "output") opens, else why not.

    One check for microphone and speaker alike, so both report in the same plain words.
    """
    noun = "microphone" if kind == "input" else "speaker"
    try:
        sd = _sounddevice()
        info = sd.query_devices(_device_arg(device), kind=kind)
        if int(info.get(f"max_{kind}_channels", 0)) < 1:
            return f"device {info.get('name', device)!r} has no {kind} channels"
    except UserError as exc:
        return str(exc)
    except Exception as exc:  # PortAudioError, ValueError for unknown names
        return f"no {noun} found ({exc})".replace("\n", " ")
    return None


def microphone_problem(device: str | int | None = None) -> str | None:
    """None when a microphone can be opened, else a plain sentence saying what is wrong."""
    return device_problem("input", device)


class MicrophoneSource:
    """The default (or a named) microphone, captured by PortAudio's callback thread.

    The callback only copies blocks into a queue; `frames()` re-cuts them into 30 ms frames
    and resamples when the device refuses 16 kHz. `close()` ends `frames()` promptly.
    """

    def __init__(self, device: str | int | None = None) -> None:
        problem = microphone_problem(device)
        if problem:
            raise UserError(f"cannot listen: {problem}", exit_code=3)
        self.device = _device_arg(device)
        self._blocks: queue.Queue[np.ndarray | None] = queue.Queue(maxsize=400)
        self._closed = threading.Event()
        self.overflows = 0

    def _callback(self, indata, frames, time_info, status) -> None:  # PortAudio thread
        if status:
            self.overflows += 1
        try:
            self._blocks.put_nowait(indata[:, 0].copy())
        except queue.Full:
            self.overflows += 1

    def frames(self) -> Iterator[bytes]:
        sd = _sounddevice()
        rate = SAMPLE_RATE
        try:
            stream = sd.InputStream(
                samplerate=rate,
                channels=1,
                dtype="int16",
                blocksize=FRAME_SAMPLES,
                device=self.device,
                callback=self._callback,
            )
        except Exception:
            rate = int(sd.query_devices(self.device, kind="input")["default_samplerate"])
            try:
                stream = sd.InputStream(
                    samplerate=rate,
                    channels=1,
                    dtype="int16",
                    device=self.device,
                    callback=self._callback,
                )
            except Exception as exc:
                raise UserError(f"cannot open the microphone ({exc})", exit_code=3) from None
        pending = np.zeros(0, dtype=np.int16)
        with stream:
            while not self._closed.is_set():
                try:
                    block = self._blocks.get(timeout=0.1)
                except queue.Empty:
                    continue
                if block is None:
                    break
                if rate != SAMPLE_RATE:
                    block = to_int16(resample(block, rate))
                pending = np.concatenate([pending, block])
                while pending.size >= FRAME_SAMPLES:
                    yield pending[:FRAME_SAMPLES].tobytes()
                    pending = pending[FRAME_SAMPLES:]

    def close(self) -> None:
        self._closed.set()
        with contextlib.suppress(queue.Full):
            self._blocks.put_nowait(None)
