"""`companion say TEXT`: speak a sentence, or render it to a WAV file, to check the voices."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from companion.errors import UserError


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "say",
        help="speak a sentence (or render it to a WAV file) to check the voices",
        description="Speak TEXT with the companion's voice for the language, or write a WAV.",
    )
    p.add_argument("text", help="what to say")
    p.add_argument(
        "--lang", choices=("en", "zh"), default=None, help="language (default: settings)"
    )
    p.add_argument("--out", type=Path, help="write a WAV file instead of playing it")
    p.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    text = args.text.strip()
    if not text:
        raise UserError("nothing to say: TEXT is empty")
    if args.out is not None:
        if args.out.is_dir():
            raise UserError(f"--out {args.out}: is a directory")
        if not args.out.parent.exists():
            raise UserError(f"--out {args.out}: folder {args.out.parent} does not exist")
    from companion.config import load_settings
    from companion.voice import Speaker, speaker_problem

    settings = load_settings()
    lang = args.lang or settings.general.language
    if args.out is None and (problem := speaker_problem()) is not None:
        raise UserError(f"cannot play audio: {problem}; use --out FILE.wav instead", exit_code=3)
    speaker = Speaker(settings.voice)
    try:
        if args.out is not None:
            path = speaker.save(text, lang, args.out)
            print(f"wrote {path}", file=sys.stderr)
            return 0
        rendered = speaker.render(text, lang)  # fails fast on a missing voice
        speaker.speak(text, lang)
        speaker.wait(timeout=rendered.duration_s * 3 + 10)
        if speaker.last_error is not None:
            raise UserError(f"could not speak: {speaker.last_error}", exit_code=3)
        return 0
    finally:
        speaker.close()
