"""`companion models list|install`: which speech models are there, and fetch the small ones."""

from __future__ import annotations

import argparse
import json
import sys


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "models",
        help="list or install offline speech models",
        description="List the speech models companion can use, or install Vosk's small models.",
    )
    sub = p.add_subparsers(dest="models_command", metavar="ACTION")
    ls = sub.add_parser("list", help="show which speech model each language uses")
    ls.add_argument("--json", action="store_true", help="machine-readable output")
    ls.set_defaults(handler=_list)
    inst = sub.add_parser(
        "install",
        help="download and install a small Vosk model (en or zh)",
        description="Download a small Vosk model, check its size and SHA-256, and unpack it "
        "into companion's data folder. Mirrors: --url, or COMPANION_VOSK_MIRROR=BASE_URL.",
    )
    inst.add_argument("lang", choices=("en", "zh"), help="language of the model")
    inst.add_argument("--url", help="download from this URL (a mirror) instead")
    inst.add_argument(
        "--sha256", help="expected SHA-256 of a non-official archive (replaces the pinned check)"
    )
    inst.add_argument("--force", action="store_true", help="reinstall even if present")
    inst.add_argument("--quiet", action="store_true", help="no progress bar")
    inst.set_defaults(handler=_install)
    p.set_defaults(handler=_list, json=False)


def _list(args: argparse.Namespace) -> int:
    from companion.config import load_settings
    from companion.voice.model_manager import model_rows

    rows = model_rows(load_settings().voice)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for row in rows:
        if row["status"] == "installed":
            print(f"{row['lang']}  installed  {row['name']}  ({row['source']}: {row['path']})")
        else:
            print(
                f"{row['lang']}  missing    {row['name']}  ({row['source']}; "
                f"`companion models install {row['lang']}`)"
            )
    return 0


def _install(args: argparse.Namespace) -> int:
    from companion.voice.model_manager import install_model

    if args.sha256 is not None and (
        len(args.sha256) != 64 or any(c not in "0123456789abcdefABCDEF" for c in args.sha256)
    ):
        from companion.errors import UserError

        raise UserError("--sha256 must be 64 hexadecimal characters")
    path = install_model(
        args.lang,
        url=args.url,
        sha256=args.sha256,
        progress=not args.quiet and sys.stderr.isatty(),
        force=args.force,
    )
    print(f"installed {args.lang} speech model at {path}")
    return 0
