"""`companion run` (and plain `companion`): the tray app."""

from __future__ import annotations

import argparse
import sys

from companion.errors import UserError


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "run",
        help="start the companion in the system tray (the default)",
        description="Watch, talk when it helps, serve the dashboard, sit in the tray.",
    )
    p.add_argument("--source", help="camera index or video file (default: settings)")
    p.add_argument("--no-tray", action="store_true", help="run without a tray icon")
    p.add_argument("--no-voice", action="store_true", help="watch only; never speak or listen")
    p.add_argument("--open-dashboard", action="store_true", help="open the dashboard at start")
    p.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    from companion.app import CompanionApp
    from companion.config import load_settings
    from companion.tray.icon import has_display

    settings = load_settings()
    use_tray = not args.no_tray
    if use_tray and not has_display():
        print("companion: no display: running without a tray icon", file=sys.stderr)
        use_tray = False
    app = CompanionApp(
        settings,
        source=args.source,
        use_tray=use_tray,
        open_browser=args.open_dashboard,
        use_voice=not args.no_voice,
    )
    for name, why in app.problems.items():
        print(f"companion: {name}: {why}", file=sys.stderr)

    def announce() -> None:
        print(f"companion: dashboard at {app.dashboard.url}", flush=True)

    try:
        return app.run(on_started=announce)
    except UserError:
        app.close()
        raise
