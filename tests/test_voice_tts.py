"""Text to speech with the real pyttsx3 + espeak-ng, and the pyttsx3 traps the Speaker contains."""

from __future__ import annotations

import shutil
import threading
import time
import wave

import numpy as np
import pytest

from companion.config import VoiceSettings
from companion.errors import UserError
from companion.voice import MemorySink, Speaker, TtsError
from companion.voice.tts import Rendered, TtsEngine, VoiceInfo, pick_voice, split_sentences

pytestmark = pytest.mark.skipif(
    shutil.which("espeak-ng") is None,
    reason="espeak-ng is not installed (tools/install.sh installs it)",
)


def call_with_timeout(fn, timeout=30.0):
    """Run fn on a thread: a pyttsx3 hang fails the test instead of hanging the suite."""
    box: dict = {}

    def target():
        try:
            box["value"] = fn()
        except BaseException as exc:
            box["error"] = exc

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(timeout)
    assert not thread.is_alive(), f"call did not return within {timeout}s (hang)"
    if "error" in box:
        raise box["error"]
    return box["value"]


@pytest.fixture(scope="module")
def speaker():
    sink = MemorySink(speed=4.0)
    sp = Speaker(VoiceSettings(rate=165, volume=0.9), sink=sink)
    yield sp
    call_with_timeout(sp.close)


def rms(samples: np.ndarray) -> float:
    return float(np.sqrt(np.mean(samples.astype(np.float64) ** 2)))


def test_english_rendering_has_sensible_duration_and_loudness(speaker):
    r = call_with_timeout(lambda: speaker.render("Hello, how are you feeling today?", "en"))
    assert 1.0 < r.duration_s < 5.0
    assert 500 < rms(r.samples) < 20000
    assert np.abs(r.samples).max() < 32767  # no clipping


def test_mandarin_uses_the_pinyin_voice_and_reads_characters(speaker):
    voices = call_with_timeout(speaker.voices)
    assert "cmn-latn-pinyin" in voices["zh"].id
    assert "en" in voices["en"].id
    text = "你好，今天怎么样？"
    r = call_with_timeout(lambda: speaker.render(text, "zh"))
    assert 0.8 < r.duration_s < 6.0
    assert rms(r.samples) > 500
    # Plain `cmn` reads its own tone digits aloud in English ("ni three hao three ..."),
    # which makes the same sentence far longer: the pinyin voice must not do that.
    plain = call_with_timeout(
        lambda: Speaker(VoiceSettings(voice_zh="sit/cmn"), sink=MemorySink()).render(text, "zh")
    )
    assert plain.duration_s > r.duration_s * 1.4


def test_rate_setting_changes_speed(speaker):
    slow = Speaker(VoiceSettings(rate=100), sink=MemorySink())
    fast = Speaker(VoiceSettings(rate=280), sink=MemorySink())
    text = "This sentence is spoken slowly and then quickly."
    d_slow = call_with_timeout(lambda: slow.render(text, "en")).duration_s
    d_fast = call_with_timeout(lambda: fast.render(text, "en")).duration_s
    assert d_slow > d_fast * 1.8


def test_save_writes_a_wav_file(speaker, tmp_path):
    out = call_with_timeout(lambda: speaker.save("谢谢你", "zh", tmp_path / "zh.wav"))
    with wave.open(str(out)) as wav:
        assert wav.getnchannels() == 1 and wav.getsampwidth() == 2
        assert wav.getnframes() / wav.getframerate() > 0.3


def test_empty_text_is_no_audio_not_an_engine_call(speaker):
    assert call_with_timeout(lambda: speaker.render("   ", "en")).samples.size == 0
    speaker.speak("", "en")
    assert not speaker.is_speaking


def test_no_voice_for_a_language_is_a_one_line_error(speaker):
    with pytest.raises(TtsError, match="no text-to-speech voice for language 'tlh'"):
        call_with_timeout(lambda: speaker.render("nuqneH", "tlh"))


# -- the pyttsx3 traps, against the real engine ----------------------------------------------


def test_each_render_waits_for_its_own_complete_file(speaker):
    """Traps 1 and 2: the file exists when render returns, and one utterance = one file."""
    texts = ["One.", "This second utterance is a good deal longer than the first one."]
    results = [call_with_timeout(lambda t=t: speaker.render(t, "en")) for t in texts]
    assert all(r.samples.size > 0 for r in results)
    assert results[1].duration_s > results[0].duration_s * 2  # not the stale previous audio


def test_many_renders_in_a_row_never_hang(speaker):
    """Trap 3: runAndWait is never called with nothing queued."""
    durations = [
        call_with_timeout(lambda i=i: speaker.render(f"Number {i}.", "en"), 15).duration_s
        for i in range(5)
    ]
    assert all(d > 0.3 for d in durations)


def test_switching_voice_keeps_rate_and_volume():
    """Trap 4 (+ espeak's async FIFO): rate and volume survive voice changes, every time.

    Checked in the audio itself: pyttsx3's espeak getProperty("rate") is unreliable.
    """
    text = "Rate and volume check."
    quiet_slow = TtsEngine(VoiceSettings(rate=110, volume=0.3))
    loud_fast = TtsEngine(VoiceSettings(rate=260, volume=1.0))
    results = {"slow": [], "fast": []}
    for _ in range(3):
        for name, engine in (("slow", quiet_slow), ("fast", loud_fast)):
            call_with_timeout(lambda e=engine: e.render("好", "zh"))  # switch voice away...
            results[name].append(call_with_timeout(lambda e=engine: e.render(text, "en")))
    slow_d = [r.duration_s for r in results["slow"]]
    fast_d = [r.duration_s for r in results["fast"]]
    assert max(fast_d) * 1.6 < min(slow_d)
    assert max(slow_d) - min(slow_d) < 0.05 and max(fast_d) - min(fast_d) < 0.05
    slow_rms = [rms(r.samples) for r in results["slow"]]
    fast_rms = [rms(r.samples) for r in results["fast"]]
    assert max(slow_rms) * 2 < min(fast_rms)
    quiet_slow.close()
    loud_fast.close()


def test_rendering_prints_nothing_on_stdout(speaker, capsys):
    """The espeak driver prints 'Audio saved to ...'; it must not reach stdout."""
    call_with_timeout(lambda: speaker.render("Quiet please.", "en"))
    assert "Audio saved" not in capsys.readouterr().out


class FakeEngine:
    """Records how the Speaker drives an engine; can be told to hang."""

    def __init__(self, hang: threading.Event | None = None):
        self.calls: list[tuple[str, str]] = []
        self.hang = hang

    def voice_for(self, lang):
        return VoiceInfo(f"v-{lang}", lang, (lang,))

    def render(self, text, lang):
        self.calls.append((text, lang))
        if self.hang is not None:
            self.hang.wait(30)
        return Rendered(np.full(1600, 1000, dtype=np.int16), 16000)

    def close(self):
        pass


def test_a_stuck_engine_raises_instead_of_hanging():
    release = threading.Event()
    sp = Speaker(sink=MemorySink(), engine_factory=lambda: FakeEngine(hang=release))
    with pytest.raises(TtsError, match="did not answer in time"):
        call_with_timeout(lambda: sp.render("hi", "en", timeout_s=0.5), 10)
    release.set()
    call_with_timeout(sp.close)


def test_speaker_never_uses_pyttsx3_say(monkeypatch):
    """Trap 5: say() shells out to aplay on Linux; we only ever render to a file."""
    import pyttsx3.engine

    def forbidden(*args, **kwargs):
        raise AssertionError("Engine.say must not be used")

    monkeypatch.setattr(pyttsx3.engine.Engine, "say", forbidden)
    sink = MemorySink(speed=8.0)
    sp = Speaker(sink=sink)
    sp.speak("Just checking.", "en")
    assert call_with_timeout(lambda: sp.wait(20))
    assert sink.played_samples > 0 and sp.last_error is None
    call_with_timeout(sp.close)


# -- speaking, stopping ----------------------------------------------------------------------


def test_speak_plays_every_sentence_in_order():
    engine = FakeEngine()
    sink = MemorySink(speed=20.0)
    sp = Speaker(sink=sink, engine_factory=lambda: engine)
    sp.speak("First. Second! Third?", "en")
    sp.speak("再见。", "zh")
    assert call_with_timeout(lambda: sp.wait(10))
    assert engine.calls == [("First.", "en"), ("Second!", "en"), ("Third?", "en"), ("再见。", "zh")]
    assert sink.played_samples == 4 * 1600
    call_with_timeout(sp.close)


def test_stop_cuts_speech_at_once_and_drops_the_queue():
    sink = MemorySink(speed=1.0)
    sp = Speaker(sink=sink)
    text = "This is a long answer that keeps going. It has a second sentence. And a third one."
    full = call_with_timeout(lambda: sp.render(text, "en")).duration_s
    sp.speak(text, "en")
    sp.speak("And more queued speech after it.", "en")
    deadline = time.monotonic() + 10
    while not sink.first_audio_times and time.monotonic() < deadline:
        time.sleep(0.005)
    time.sleep(0.3)
    sp.stop()
    assert not sink.active
    time.sleep(0.5)
    assert call_with_timeout(lambda: sp.wait(5))
    played = sink.played_samples / sink.rate
    assert played < 1.0 < full
    call_with_timeout(sp.close)


def test_speak_without_a_speaker_says_so_and_suggests_out(monkeypatch):
    from companion.voice import audio_out

    monkeypatch.setattr(audio_out, "speaker_problem", lambda device=None: "no speaker found")
    sp = Speaker()  # no sink: the default device is opened on first speak
    with pytest.raises(UserError, match=r"no speaker found.*--out") as info:
        sp.speak("hello", "en")
    assert info.value.exit_code == 3
    call_with_timeout(sp.close)


def test_pick_voice_prefers_configured_then_language_hints():
    voices = [
        VoiceInfo("sit/yue", "Chinese (Cantonese)", ("yue",)),
        VoiceInfo("sit/cmn", "Chinese (Mandarin, latin as English)", ("cmn",)),
        VoiceInfo("sit/cmn-latn-pinyin", "Chinese (Mandarin, latin as Pinyin)", ("cmn",)),
        VoiceInfo("gmw/en-us", "English (America)", ("en-us",)),
        VoiceInfo("HKEY\\Huihui", "Microsoft Huihui Desktop - Chinese (Simplified)", ("zh-CN",)),
    ]
    assert pick_voice(voices, "zh").id == "sit/cmn-latn-pinyin"
    assert pick_voice(voices, "zh", preferred="HKEY\\Huihui").id == "HKEY\\Huihui"
    assert pick_voice(voices, "zh", preferred="missing").id == "sit/cmn-latn-pinyin"
    assert pick_voice(voices, "en").id == "gmw/en-us"
    assert pick_voice(voices[:2], "zh").id == "sit/cmn"  # last resort, never Cantonese
    assert pick_voice(voices[:1], "zh") is None


def test_split_sentences_handles_both_languages():
    assert split_sentences("Hi there. How are you? Fine!") == ["Hi there.", "How are you?", "Fine!"]
    assert split_sentences("你好。今天怎么样？") == ["你好。", "今天怎么样？"]
    assert split_sentences("   ") == []
