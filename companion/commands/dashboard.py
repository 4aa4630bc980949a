"""`companion dashboard`: serve the local dashboard alone (history, settings, privacy)."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "dashboard",
        help="open the local dashboard (history, settings, privacy)",
        description=(
            "Serve the dashboard on 127.0.0.1 with a secret per-launch token and open it in "
            "the browser. `companion run` starts it too; this serves it alone. Ctrl-C stops."
        ),
    )
    p.add_argument("--no-browser", action="store_true", help="print the URL, do not open it")
    p.add_argument("--port", type=int, default=0, help="port to listen on (default: a free one)")
    p.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    import threading
    import webbrowser

    from companion.config import load_settings
    from companion.errors import UserError
    from companion.store import Store
    from companion.web import DashboardServer, LiveState

    if not 0 <= args.port <= 65535:
        raise UserError(f"--port must be between 0 and 65535 (got {args.port})")
    settings = load_settings()
    with Store() as store:
        store.prune(settings.privacy.retention_days)  # never show what is past retention
        server = DashboardServer(port=args.port, store=store, settings=settings, live=LiveState())
        try:
            server.start()
        except OSError as exc:
            raise UserError(f"cannot listen on 127.0.0.1:{args.port} ({exc.strerror})") from None
        print(f"Dashboard: {server.url}", flush=True)
        print("Press Ctrl-C to stop.", flush=True)
        if not args.no_browser:
            webbrowser.open(server.url)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass
        finally:
            server.stop()
    return 0
