"""`companion doctor`: what works on this machine, and what to do about what does not.

Essentials (exit 1 when one fails): the face and emotion models load, and text to speech
works for at least one language. Camera, microphone, speaker and speech models are
warnings: without them `companion chat` and `companion analyze` still work.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass

OK, WARN, FAIL = "ok", "warn", "fail"


@dataclass
class Check:
    name: str
    status: str
    detail: str


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "doctor",
        help="check camera, audio, voices and models, and say how to fix problems",
        description="Check camera, microphone, speaker, voices, speech, face and emotion "
        "models. Exit 0 when the essentials work (face + emotion models, one TTS voice).",
    )
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler=_run)


def _guard(name: str, fn: Callable[[], Check | list[Check]], fail_status: str) -> list[Check]:
    """Run one check; any unexpected error becomes that check's result, never a traceback."""
    try:
        result = fn()
    except Exception as exc:
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return [Check(name, fail_status, message)]
    return result if isinstance(result, list) else [result]


def _camera(source: str) -> Check:
    import cv2

    if not source.strip().isdigit():
        from pathlib import Path

        if Path(source).is_file():
            return Check("camera", OK, f"video file {source} (camera.source)")
        return Check("camera", WARN, f"camera.source {source!r} is neither an index nor a file")
    index = int(source)
    # A missing camera makes OpenCV print several warning lines; doctor says it in one.
    logging_api = getattr(getattr(cv2, "utils", None), "logging", None)
    old_level = logging_api.getLogLevel() if logging_api is not None else None
    if logging_api is not None:
        logging_api.setLogLevel(logging_api.LOG_LEVEL_SILENT)
    capture = cv2.VideoCapture(index)
    if logging_api is not None:
        logging_api.setLogLevel(old_level)
    try:
        if not capture.isOpened():
            return Check(
                "camera",
                WARN,
                f"no camera at index {index}; plug one in or set camera.source "
                "(`companion analyze` and `companion chat` still work)",
            )
        ok, frame = capture.read()
        if not ok or frame is None:
            return Check("camera", WARN, f"camera {index} opened but gave no picture")
        return Check("camera", OK, f"camera {index} ({frame.shape[1]}x{frame.shape[0]})")
    finally:
        capture.release()


def _microphone(device: str) -> Check:
    from companion.voice import microphone_problem

    problem = microphone_problem(device or None)
    if problem:
        return Check(
            "microphone", WARN, f"{problem}; voice input is off (type in `companion chat`)"
        )
    return Check("microphone", OK, "default input" if not device else f"device {device}")


def _speaker() -> Check:
    from companion.voice import speaker_problem

    problem = speaker_problem()
    if problem:
        return Check("speaker", WARN, f"{problem}; replies are shown as text only")
    return Check("speaker", OK, "default output")


def _voices(settings) -> list[Check]:
    from companion.voice import Speaker, TtsError

    speaker = Speaker(settings)
    checks = []
    try:
        for lang in ("en", "zh"):
            try:
                voice = speaker.voices()[lang]
                if voice is None:
                    raise TtsError("no voice installed")
                rendered = speaker.render("OK" if lang == "en" else "好", lang, timeout_s=15)
                if rendered.duration_s <= 0.05:
                    raise TtsError("the voice produced no audio")
                checks.append(Check(f"voice {lang}", OK, f"{voice.name} ({voice.id})"))
            except Exception as exc:
                advice = "install espeak-ng (Linux) or a system voice for this language"
                checks.append(Check(f"voice {lang}", FAIL, f"{exc}; {advice}"))
    finally:
        speaker.close()
    return checks


def _speech_models(settings) -> list[Check]:
    from companion.voice.model_manager import find_vosk_model

    checks = []
    for lang in ("en", "zh"):
        found = find_vosk_model(lang, settings)
        if found is not None:
            import vosk

            vosk.SetLogLevel(-1)
            vosk.Model(str(found.path))  # loads, or raises into _guard
            checks.append(Check(f"speech {lang}", OK, f"Vosk {found.path.name} ({found.source})"))
        elif lang == "en":
            from pocketsphinx import Decoder

            Decoder(samprate=16000, loglevel="FATAL")
            checks.append(
                Check(
                    "speech en",
                    OK,
                    "built-in pocketsphinx fallback (better: `companion models install en`)",
                )
            )
        else:
            checks.append(
                Check("speech zh", WARN, "no Chinese model; run `companion models install zh`")
            )
    return checks


def _face_model() -> Check:
    from companion.vision import FACE_MODEL, FaceDetector

    with FaceDetector() as detector:
        import numpy as np

        detector.detect(np.zeros((128, 128, 3), dtype=np.uint8))
    return Check("face model", OK, FACE_MODEL.name)


def _emotion_model() -> Check:
    import numpy as np

    from companion.vision import EMOTION_MODEL, EmotionClassifier

    probs = EmotionClassifier().predict([np.full((64, 64), 128, dtype=np.uint8)])
    if probs.shape != (1, 7) or not np.isfinite(probs).all():
        return Check("emotion model", FAIL, f"unexpected output shape {probs.shape}")
    return Check("emotion model", OK, EMOTION_MODEL.name)


def run_checks() -> list[Check]:
    from companion.config import load_settings

    settings = load_settings()
    checks: list[Check] = []
    checks += _guard("camera", lambda: _camera(settings.camera.source), WARN)
    checks += _guard("microphone", lambda: _microphone(settings.voice.microphone), WARN)
    checks += _guard("speaker", _speaker, WARN)
    checks += _guard("voices", lambda: _voices(settings.voice), FAIL)
    checks += _guard("speech models", lambda: _speech_models(settings.voice), WARN)
    checks += _guard("face model", _face_model, FAIL)
    checks += _guard("emotion model", _emotion_model, FAIL)
    return checks


def essentials_ok(checks: list[Check]) -> bool:
    by_name = {c.name: c.status for c in checks}
    tts_ok = any(c.status == OK for c in checks if c.name.startswith("voice "))
    return tts_ok and by_name.get("face model") == OK and by_name.get("emotion model") == OK


def _run(args: argparse.Namespace) -> int:
    checks = run_checks()
    ok = essentials_ok(checks)
    if args.json:
        print(json.dumps({"ok": ok, "checks": [asdict(c) for c in checks]}, ensure_ascii=False))
    else:
        for c in checks:
            print(f"{c.status.upper():4}  {c.name:14}  {c.detail}")
        print("essentials work" if ok else "essentials missing: companion cannot run yet")
    return 0 if ok else 1
