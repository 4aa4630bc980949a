"""The single `companion` entry point: parses the subcommand and runs it.

Each subcommand lives in its own module under companion/commands/ and exposes
`register(subparsers)`; heavy imports happen inside the handlers so that `companion --help`
and headless commands start fast and need no display. A UserError becomes one line on
stderr and a non-zero exit: users never see a traceback for their own mistakes.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Sequence

from companion import __version__
from companion.errors import UserError

COMMAND_MODULES = (
    "run",
    "watch",
    "analyze",
    "chat",
    "nlu",
    "say",
    "models",
    "doctor",
    "dashboard",
    "export",
    "forget",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="companion",
        description="An offline companion that notices sustained distress and offers care.",
    )
    parser.add_argument("--version", action="version", version=f"companion {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log details to stderr")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        module_name = f"companion.commands.{name}"
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue  # a command still being built; every listed module ships in releases
        module.register(subparsers)
    return parser


def quiet_native_logs() -> None:
    """Silence the C++ INFO chatter of mediapipe/TFLite/glog unless the user asks."""
    os.environ.setdefault("GLOG_minloglevel", "2")
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="companion: %(levelname)s: %(message)s",
    )
    if args.verbose:
        os.environ["COMPANION_DEBUG"] = "1"  # let native libraries' logs through too
    else:
        quiet_native_logs()
    if args.command is None:
        if "run" in parser._subparsers._group_actions[0].choices:  # type: ignore[union-attr]
            args = parser.parse_args([*(argv or sys.argv[1:]), "run"])
        else:
            parser.print_help()
            return 0
    try:
        return int(args.handler(args) or 0)
    except UserError as exc:
        print(f"companion: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("companion: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # stdout closed early (e.g. piped into `head`): not an error worth a traceback.
        sys.stderr.close()
        return 0
