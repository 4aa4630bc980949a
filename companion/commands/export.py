"""`companion export`: everything companion stores about you, as JSON or CSV."""

from __future__ import annotations

import argparse
import sys


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "export",
        help="export your history (mood per minute, check-ins, conversations)",
        description="Write everything the history database holds, to stdout or a file.",
    )
    p.add_argument("--format", choices=("json", "csv"), default="json", help="default: json")
    p.add_argument("--out", metavar="FILE", help="write to FILE instead of stdout")
    p.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from companion.errors import UserError
    from companion.store import Store, export

    with Store() as store:
        text = export(store, args.format)
    if not args.out:
        sys.stdout.write(text)
        return 0
    out = Path(args.out)
    if out.is_dir():
        raise UserError(f"--out {out} is a folder; give a file name")
    if not out.parent.is_dir():
        raise UserError(f"--out: folder {out.parent} does not exist")
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UserError(f"cannot write {out} ({exc.strerror})") from None
    print(f"exported to {out}", file=sys.stderr)
    return 0
