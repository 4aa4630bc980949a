"""Calming music: the user's own files, or a soundscape the app synthesises itself.

Why synthesise: the app must work with nothing installed, and a soft pad plus filtered
noise "waves" needs only numpy. The soundscape is one seamless 64 s loop (all its cycles
divide 64 s and FFT-made noise is periodic), streamed block by block, so ten minutes of
music never sit in memory. Playback fades in, fades out at the end, and fades out quickly
when stopped; `render` runs the same block code without a device, for tests.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Protocol

import numpy as np

from companion.errors import UserError

log = logging.getLogger(__name__)

SUPPORTED = (".wav", ".flac", ".ogg", ".mp3")
LOOP_S = 64.0
_CHORDS_HZ = (  # Cmaj7, Am7, Fmaj7, G6: warm, unresolved, nothing sharp
    (130.81, 164.81, 196.00, 246.94),
    (110.00, 130.81, 164.81, 196.00),
    (87.31, 130.81, 174.61, 220.00),
    (98.00, 123.47, 146.83, 164.81),
)


class AudioOutput(Protocol):
    def write(self, block: np.ndarray) -> None: ...

    def close(self) -> None: ...


def soundscape(sr: int = 22050, seconds: float = LOOP_S, seed: int = 0) -> np.ndarray:
    """One seamless loop (n, 2) float32 in [-1, 1]: soft pad chords and ocean-like waves."""
    n = int(sr * seconds)
    t = np.arange(n) / sr
    chord_len = seconds / len(_CHORDS_HZ)
    pad = np.zeros(n)
    for i, chord in enumerate(_CHORDS_HZ):
        # Each chord swells and fades over its slot (raised cosine), overlapping its neighbours.
        centre = (i + 0.5) * chord_len
        dist = (t - centre + seconds / 2) % seconds - seconds / 2
        weight = np.where(np.abs(dist) < chord_len, 0.5 + 0.5 * np.cos(np.pi * dist / chord_len), 0)
        for f in chord:
            f = round(f * seconds) / seconds  # whole cycles per loop: no click at the seam
            pad += weight * (np.sin(2 * np.pi * f * t) + 0.2 * np.sin(4 * np.pi * f * t))
    pad /= np.max(np.abs(pad)) + 1e-9
    rng = np.random.default_rng(seed)
    waves = np.zeros((n, 2))
    freqs = np.fft.rfftfreq(n, 1 / sr)
    shape = 1.0 / (1.0 + (freqs / 400.0) ** 2)  # low-pass: a soft roar, no hiss
    for ch in range(2):
        spectrum = shape * (rng.normal(size=freqs.size) + 1j * rng.normal(size=freqs.size))
        noise = np.fft.irfft(spectrum, n)
        noise /= np.max(np.abs(noise)) + 1e-9
        # A wave every 8 s (0.125 Hz divides the loop), slightly offset between ears.
        swell = 0.5 + 0.5 * np.sin(2 * np.pi * t / 8.0 + ch * 0.6)
        waves[:, ch] = noise * swell**2
    out = 0.35 * pad[:, None] + 0.3 * waves
    return (out / (np.max(np.abs(out)) + 1e-9) * 0.6).astype(np.float32)


def fade_envelope(n: int, sr: int, fade_in_s: float, fade_out_s: float) -> np.ndarray:
    """Gain per sample: a rising half-cosine in, a falling one out, 1 between."""
    gain = np.ones(n, dtype=np.float32)
    for length, rising in ((int(fade_in_s * sr), True), (int(fade_out_s * sr), False)):
        length = min(length, n)
        if length <= 0:
            continue
        ramp = (0.5 - 0.5 * np.cos(np.pi * np.arange(length) / length)).astype(np.float32)
        if rising:
            gain[:length] *= ramp
        else:
            gain[n - length :] *= ramp[::-1]
    return gain


def list_music(folder: str | Path) -> list[Path]:
    """The playable files in the user's folder; UserError when there are none."""
    path = Path(folder).expanduser()
    if not path.is_dir():
        raise UserError(f"music folder not found: {path}")
    files = sorted(p for p in path.rglob("*") if p.suffix.lower() in SUPPORTED and p.is_file())
    if not files:
        raise UserError(f"no music files ({', '.join(SUPPORTED)}) in {path}")
    return files


def read_audio(path: Path) -> tuple[np.ndarray, int]:
    """Decode a file with libsndfile (wav, flac, ogg, mp3) to (n, channels) float32."""
    try:
        import soundfile
    except (ImportError, OSError) as exc:
        raise UserError(f"cannot read music files: soundfile/libsndfile missing ({exc})") from None
    try:
        data, sr = soundfile.read(str(path), dtype="float32", always_2d=True)
    except Exception as exc:  # libsndfile reports bad files with its own error type
        raise UserError(f"cannot read {path.name}: {str(exc).splitlines()[0]}") from None
    if data.size == 0:
        raise UserError(f"{path.name} has no audio")
    return data, int(sr)


def open_device_output(sr: int, channels: int) -> AudioOutput:
    """A sounddevice output stream; UserError (one line) when there is no output device."""
    try:
        import sounddevice
    except (ImportError, OSError) as exc:
        raise UserError(f"no audio output: sounddevice/PortAudio unavailable ({exc})", 3) from None
    try:
        sounddevice.query_devices(kind="output")
        stream = sounddevice.OutputStream(samplerate=sr, channels=channels, dtype="float32")
        stream.start()
    except Exception as exc:  # PortAudioError, ValueError: no device, busy device
        raise UserError(f"no audio output device ({str(exc).splitlines()[0]})", 3) from None

    class _Stream:
        def write(self, block: np.ndarray) -> None:
            stream.write(np.ascontiguousarray(block, dtype=np.float32))

        def close(self) -> None:
            stream.stop()
            stream.close()

    return _Stream()


def blocks(
    audio: np.ndarray,
    sr: int,
    total_s: float,
    *,
    loop: bool,
    stop: threading.Event,
    block: int = 2048,
    fade_in_s: float = 4.0,
    fade_out_s: float = 4.0,
    stop_fade_s: float = 1.0,
) -> Iterator[np.ndarray]:
    """Blocks of music with the fades applied; after `stop` is set, a short fade to silence."""
    n_audio = audio.shape[0]
    total = int(total_s * sr) if loop else min(int(total_s * sr), n_audio)
    fade_in, fade_out = int(fade_in_s * sr), min(int(fade_out_s * sr), total // 2)
    stop_len = max(1, int(stop_fade_s * sr))
    stop_at: int | None = None
    pos = 0
    while pos < total:
        if stop.is_set() and stop_at is None:
            stop_at = pos
            total = min(total, pos + stop_len)
        end = min(pos + block, total)
        idx = np.arange(pos, end)
        chunk = audio[idx % n_audio] if loop else audio[pos:end]
        gain = np.ones(end - pos, dtype=np.float32)
        if pos < fade_in:
            gain *= np.clip(
                0.5 - 0.5 * np.cos(np.pi * np.minimum(idx, fade_in) / max(1, fade_in)), 0, 1
            )
        tail = idx > total - fade_out if stop_at is None else np.zeros_like(idx, dtype=bool)
        if tail.any():
            left = (total - idx[tail]) / max(1, fade_out)
            gain[tail] *= 0.5 - 0.5 * np.cos(np.pi * left)
        if stop_at is not None:
            gain *= np.clip(1.0 - (idx - stop_at) / stop_len, 0, 1)
        yield (chunk * gain[:, None]).astype(np.float32)
        pos = end


def render(
    audio: np.ndarray,
    sr: int,
    total_s: float,
    *,
    loop: bool,
    stop_after_s: float | None = None,
    **fades: float,
) -> np.ndarray:
    """What `MusicPlayer.play` would send to the speakers, as one array (for tests/WAVs)."""
    stop = threading.Event()
    out = []
    done = 0
    for chunk in blocks(audio, sr, total_s, loop=loop, stop=stop, **fades):
        out.append(chunk)
        done += len(chunk)
        if stop_after_s is not None and done >= stop_after_s * sr:
            stop.set()
    return np.concatenate(out) if out else np.zeros((0, audio.shape[1]), np.float32)


class MusicPlayer:
    """Plays one piece on its own thread; `stop()` fades out and joins the thread."""

    def __init__(
        self,
        output_factory: Callable[[int, int], AudioOutput] = open_device_output,
        *,
        block: int = 2048,
        stop_fade_s: float = 1.0,
    ) -> None:
        self.output_factory = output_factory
        self.block = block
        self.stop_fade_s = stop_fade_s
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def playing(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def play(
        self,
        audio: np.ndarray,
        sr: int,
        total_s: float,
        *,
        loop: bool,
        on_finished: Callable[[], None] | None = None,
    ) -> None:
        """Open the output (UserError when there is none) and start streaming."""
        self.stop()
        output = self.output_factory(sr, audio.shape[1])
        self._stop = threading.Event()
        gen = blocks(
            audio,
            sr,
            total_s,
            loop=loop,
            stop=self._stop,
            block=self.block,
            stop_fade_s=self.stop_fade_s,
        )
        stop = self._stop

        def run() -> None:
            try:
                for chunk in gen:
                    output.write(chunk)
            except Exception:
                log.exception("music playback failed")
            finally:
                output.close()
            if on_finished is not None and not stop.is_set():
                on_finished()

        self._thread = threading.Thread(target=run, name="companion-music", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
