"""Voice: the companion's mouth (Speaker) and ears (Listener), offline, English and Chinese.

Public API (everything else in the package is an implementation detail):

    speaker = Speaker(settings.voice)            # sink=MemorySink() for headless/tests
    speaker.speak("How are you feeling?", "en")  # queued, returns at once
    speaker.stop()                               # silence now (barge-in)
    speaker.is_speaking / speaker.wait(timeout)
    speaker.save("你好", "zh", "hello.wav")       # render to a WAV file
    speaker.close()

    listener = open_listener(settings.voice, "en", on_speech_start=speaker.stop,
                             is_talking=lambda: speaker.is_speaking)
    for event in listener.events(): ...          # UserSpeechStarted, Utterance partials/final
    listener.start(bus); ...; listener.stop()    # or on its own thread, publishing on a bus

Problems the user can fix (no speaker, no microphone, no model, no voice) raise
companion.errors.UserError with exit_code 3 and a one-line message; `voice_problems()`
reports them all up front without raising, so the app can run without voice.
"""

from __future__ import annotations

from companion.config import VoiceSettings
from companion.voice.audio_in import (
    ArraySource,
    AudioSource,
    MicrophoneSource,
    WavFileSource,
    load_wav_16k,
    microphone_problem,
)
from companion.voice.audio_out import AudioSink, MemorySink, SoundDeviceSink, speaker_problem
from companion.voice.listener import Listener
from companion.voice.model_manager import find_vosk_model, install_model
from companion.voice.stt import Recognizer, open_recognizer
from companion.voice.tts import Rendered, Speaker, TtsError
from companion.voice.vad import VadConfig

__all__ = [
    "ArraySource",
    "AudioSink",
    "AudioSource",
    "Listener",
    "MemorySink",
    "MicrophoneSource",
    "Recognizer",
    "Rendered",
    "SoundDeviceSink",
    "Speaker",
    "TtsError",
    "VadConfig",
    "WavFileSource",
    "find_vosk_model",
    "install_model",
    "load_wav_16k",
    "microphone_problem",
    "open_listener",
    "open_recognizer",
    "speaker_problem",
    "voice_problems",
]


def open_listener(
    settings: VoiceSettings | None,
    lang: str,
    source: AudioSource | None = None,
    **listener_options,
) -> Listener:
    """A Listener for `lang` on the configured microphone (or `source`, e.g. a WavFileSource).

    Raises UserError (exit 3) when there is no microphone or no recogniser for `lang`.
    """
    settings = settings or VoiceSettings()
    if source is None:
        source = MicrophoneSource(settings.microphone or None)
    recognizer = open_recognizer(lang, settings)
    listener_options.setdefault("vad", VadConfig(end_silence_ms=settings.end_silence_ms))
    return Listener(source, recognizer, **listener_options)


def voice_problems(settings: VoiceSettings | None = None) -> dict[str, str]:
    """What voice cannot do on this machine, keyed by "speaker", "microphone", "stt_zh", ...

    Empty dict: everything works. Cheap checks only (no model is loaded).
    """
    settings = settings or VoiceSettings()
    problems: dict[str, str] = {}
    if (p := speaker_problem()) is not None:
        problems["speaker"] = p
    if (p := microphone_problem(settings.microphone or None)) is not None:
        problems["microphone"] = p
    if find_vosk_model("zh", settings) is None:
        problems["stt_zh"] = "no Chinese speech model; run `companion models install zh`"
    return problems
