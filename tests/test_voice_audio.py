"""Audio output sinks and the voice capability report."""

from __future__ import annotations

import threading
import time
import types
from typing import ClassVar

import numpy as np
import pytest

from companion.config import VoiceSettings
from companion.errors import UserError
from companion.voice import (
    ArraySource,
    MemorySink,
    SoundDeviceSink,
    audio_out,
    open_listener,
    voice_problems,
)


@pytest.fixture(autouse=True)
def _private_dirs(private_dirs):
    """Every test here gets its own settings, data and model directories."""


class FakeStream:
    """Stands in for sounddevice.OutputStream: the test pulls blocks like PortAudio would."""

    opened: ClassVar[list] = []

    def __init__(self, samplerate, channels, dtype, device, blocksize, latency, callback):
        self.samplerate = samplerate
        self.callback = callback
        FakeStream.opened.append(self)

    def start(self):
        pass

    def abort(self):
        pass

    def close(self):
        pass

    def pull(self, frames):
        out = np.zeros((frames, 1), dtype=np.int16)
        self.callback(out, frames, None, None)
        return out[:, 0]


def test_sounddevice_sink_plays_in_order_and_stops_at_once(monkeypatch):
    """Logic test with a fake PortAudio: this machine has no sound card to play to."""
    FakeStream.opened = []
    monkeypatch.setattr(audio_out, "speaker_problem", lambda device=None: None)
    monkeypatch.setattr(
        audio_out, "_sounddevice", lambda: types.SimpleNamespace(OutputStream=FakeStream)
    )
    first_audio = []
    sink = SoundDeviceSink(on_first_audio=first_audio.append)
    sink.write(np.arange(1, 101, dtype=np.int16), 1000)
    sink.write(np.arange(101, 201, dtype=np.int16), 1000)
    stream = FakeStream.opened[0]
    assert np.array_equal(stream.pull(150), np.arange(1, 151))
    assert len(first_audio) == 1 and sink.active
    sink.stop()
    assert not sink.active
    assert not stream.pull(50).any()  # silence right after stop
    sink.write(np.full(400, 700, dtype=np.int16), 2000)  # another rate: resampled, same stream
    assert len(FakeStream.opened) == 1
    resampled = stream.pull(200)
    assert abs(np.count_nonzero(resampled) - 200) <= 2
    assert (np.abs(resampled[50:150] - 700) <= 10).all()
    assert len(first_audio) == 2  # a new turn announces its first audio again
    sink.close()


def test_sounddevice_sink_without_a_device_suggests_out(monkeypatch):
    monkeypatch.setattr(audio_out, "speaker_problem", lambda device=None: "no speaker found")
    with pytest.raises(UserError, match=r"cannot play audio: no speaker found.*--out"):
        SoundDeviceSink()


def test_memory_sink_plays_in_real_time_and_resamples():
    sink = MemorySink(speed=1.0)
    start = time.perf_counter()
    sink.write(np.ones(8000, dtype=np.int16), 16000)  # 0.5 s
    sink.write(np.ones(11025, dtype=np.int16), 22050)  # 0.5 s at another rate
    while sink.active and time.perf_counter() - start < 5:
        time.sleep(0.01)
    elapsed = time.perf_counter() - start
    assert 0.9 < elapsed < 3.0
    assert abs(sink.played_samples - 16000) <= 2 * int(16000 * audio_out.BLOCK_S)
    sink.close()


def test_voice_problems_reports_what_is_missing(monkeypatch):
    from companion import voice

    monkeypatch.setattr(voice, "speaker_problem", lambda device=None: "no speaker found")
    monkeypatch.setattr(voice, "microphone_problem", lambda device=None: None)
    problems = voice_problems(VoiceSettings())
    assert problems["speaker"] == "no speaker found"
    assert "microphone" not in problems
    assert "companion models install zh" in problems["stt_zh"]


def test_open_listener_uses_the_end_silence_setting():
    listener = open_listener(
        VoiceSettings(end_silence_ms=900), "en", source=ArraySource(np.zeros(480, np.int16))
    )
    assert listener.detector.config.end_silence_ms == 900
    assert list(listener.events()) == []


class FakeInputStream:
    """sounddevice.InputStream stand-in: refuses 16 kHz (like many USB mics), then feeds a
    44.1 kHz tone from its own thread, as PortAudio's callback thread would."""

    def __init__(self, samplerate, channels, dtype, device, callback, blocksize=None):
        if samplerate == 16000:
            raise RuntimeError("Invalid sample rate")
        self.rate = samplerate
        self.callback = callback
        self._stop = threading.Event()

    def _feed(self):
        t = 0
        while not self._stop.is_set() and t < self.rate * 2:
            n = 441
            block = (3000 * np.sin(2 * np.pi * 440 * (np.arange(t, t + n) / self.rate))).astype(
                np.int16
            )
            self.callback(block.reshape(-1, 1), n, None, None)
            t += n
            time.sleep(0.001)

    def __enter__(self):
        threading.Thread(target=self._feed, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self._stop.set()


def test_microphone_source_resamples_when_16k_is_refused(monkeypatch):
    """Logic test with a fake PortAudio: this machine has no microphone."""
    from companion.voice import MicrophoneSource, audio_in

    fake = types.SimpleNamespace(
        InputStream=FakeInputStream,
        query_devices=lambda device=None, kind=None: {
            "name": "fake mic",
            "max_input_channels": 1,
            "default_samplerate": 44100.0,
        },
    )
    monkeypatch.setattr(audio_in, "_sounddevice", lambda: fake)
    mic = MicrophoneSource()
    frames = []
    for frame in mic.frames():
        frames.append(np.frombuffer(frame, np.int16))
        if len(frames) == 20:
            mic.close()
    audio = np.concatenate(frames)
    assert all(f.size == 480 for f in frames)
    spectrum = np.abs(np.fft.rfft(audio[480:].astype(np.float64)))
    peak_hz = np.argmax(spectrum) * 16000 / (audio.size - 480)
    assert abs(peak_hz - 440) < 30  # the tone survived the 44.1 -> 16 kHz conversion
