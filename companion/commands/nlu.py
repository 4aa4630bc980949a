"""`companion nlu TEXT`: show how the companion understands one utterance (intent, emotion)."""

from __future__ import annotations

import argparse
import json

from companion.errors import UserError


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "nlu",
        help="show the intent, language and emotion the companion reads in TEXT",
        description="Understand one utterance the way a conversation would (English or 中文).",
    )
    p.add_argument("text", help='the utterance, e.g. "i don\'t feel like talking"')
    p.add_argument("--lang", choices=("en", "zh"), default=None, help="language (default: detect)")
    p.add_argument("--json", action="store_true", help="print the full result as JSON")
    p.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    from companion.dialogue import understand

    if len(args.text) > 10_000:
        raise UserError("TEXT is too long (more than 10000 characters)")
    result = understand(args.text, args.lang)
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False))
        return 0
    line = f"intent={result.intent} lang={result.lang} emotion={result.emotion}"
    line += f" confidence={result.confidence:.2f}"
    if result.risk:
        line += " risk=yes (the conversation would ask a safety question)"
    if result.crisis_phrase:
        line += f" crisis_phrase={result.crisis_phrase!r}"
    print(line)
    return 0
