"""`python -m companion.tray`: show the tray icon alone, printing each action.

Why: to try the icon and menu without camera or microphone (and for the Xvfb tray test),
using the same TrayController and adapter as `companion run`.
"""

from __future__ import annotations

import argparse
import sys

from companion.errors import UserError
from companion.tray.controller import TrayCallbacks, TrayController


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m companion.tray", description=__doc__)
    parser.add_argument("--state", default="watching", help="initial state")
    parser.add_argument("--mood", default="neutral", help="initial dominant emotion")
    parser.add_argument("--valence", type=float, default=0.2)
    parser.add_argument("--language", default="en", choices=("en", "zh"))
    args = parser.parse_args(argv)

    def say(*words: object) -> None:
        print("ACTION", *words, flush=True)

    callbacks = TrayCallbacks(
        on_talk_now=lambda: say("talk_now"),
        on_pause=lambda minutes: say("pause", minutes),
        on_resume=lambda: say("resume"),
        on_privacy=lambda on: say("privacy", on),
        on_open_dashboard=lambda: say("open_dashboard"),
        on_language=lambda lang: say("language", lang),
        on_quit=lambda: say("quit"),
    )
    controller = TrayController(callbacks, language=args.language, state=args.state)
    controller.mood, controller.valence = args.mood, args.valence
    from companion.tray.icon import TrayIcon

    try:
        tray = TrayIcon(controller)
    except UserError as exc:
        print(f"companion: error: {exc}", file=sys.stderr)
        return exc.exit_code
    print("READY", tray.icon.__class__.__module__, flush=True)
    tray.run()
    print("STOPPED", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
