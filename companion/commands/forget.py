"""`companion forget`: delete everything companion has recorded or learned about you.

Deletes the history database's contents (mood minutes, check-ins, conversations,
transcripts) and the learned baseline in the data dir. Settings are preferences, not
observations: they stay unless --settings is given.
"""

from __future__ import annotations

import argparse
import sys


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "forget",
        help="delete all history, transcripts and learned data",
        description=(
            "Delete all history, transcripts and the learned resting expression. "
            "Settings are kept unless --settings is given. Asks to confirm unless --yes."
        ),
    )
    p.add_argument("--yes", action="store_true", help="do not ask to confirm")
    p.add_argument("--settings", action="store_true", help="also reset settings to defaults")
    p.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    from companion.errors import UserError
    from companion.store import Store, forget_everything

    if not args.yes:
        if not sys.stdin.isatty():
            raise UserError("refusing to delete without confirmation; pass --yes")
        answer = input("Delete all history, transcripts and learned data? [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            print("Nothing deleted.")
            return 1
    with Store() as store:
        removed = forget_everything(store, include_settings=args.settings)
    print("Deleted: " + ", ".join(removed))
    return 0
