"""`companion chat`: the caring conversation in a terminal (typed in, printed out).

Why: the same Conversation the voice app drives, for people without a microphone and for
scripts and tests. On a terminal it prompts; otherwise it reads lines until end of input
(an empty line counts as silence) and exits 0.
"""

from __future__ import annotations

import argparse
import sys


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "chat",
        help="talk with the companion in the terminal",
        description="Have the companion's caring conversation by typing. Lines from a pipe "
        "are read until end of input; an empty line counts as a silence.",
    )
    p.add_argument(
        "--lang", choices=("en", "zh"), default=None, help="language (default: settings)"
    )
    p.add_argument("--speak", action="store_true", help="also speak the replies aloud")
    p.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    from companion.care import CareKit
    from companion.config import load_settings
    from companion.dialogue.llm import load_generator
    from companion.dialogue.manager import Conversation, Trigger, run_conversation

    settings = load_settings()
    lang = args.lang or settings.general.language
    speaker = _open_speaker(settings) if args.speak else None

    def say(text: str, reply_lang: str) -> None:
        print(f"companion> {text}", flush=True)
        if speaker is not None:
            speaker.speak(text, reply_lang)

    interactive = sys.stdin.isatty()

    def next_utterance(timeout: float) -> str | None:
        if interactive:
            line = input("you> ")  # EOFError (Ctrl-D) ends the chat
            return line if line.strip() else None
        line = sys.stdin.readline()
        if not line:
            raise EOFError
        print(f"you> {line.rstrip()}", flush=True)
        return line if line.strip() else None

    care = CareKit(settings.care)
    conversation = Conversation(
        say,
        settings.dialogue,
        lang=lang,
        locale=settings.general.locale,
        name=settings.general.user_name,
        care=care,
        generator=load_generator(settings.dialogue.llm_model_path, settings.dialogue.llm_timeout_s),
        keep_transcript=settings.privacy.keep_transcripts,
    )
    try:
        conversation.start(Trigger("user"))
        run_conversation(conversation, next_utterance)
    except EOFError:
        conversation.close("interrupted")
    finally:
        care.stop()
        if conversation.generator is not None:
            conversation.generator.close()
        if speaker is not None:
            speaker.wait(timeout=30)
            speaker.close()
    return 0


def _open_speaker(settings):
    """The voice Speaker, or None with one line on stderr when speech is unavailable."""
    try:
        from companion.voice import Speaker, speaker_problem
    except ImportError as exc:
        print(f"companion: voice unavailable ({exc}); replies are printed only", file=sys.stderr)
        return None
    problem = speaker_problem()
    if problem is not None:
        print(f"companion: cannot speak ({problem}); replies are printed only", file=sys.stderr)
        return None
    return Speaker(settings.voice)
