"""The tray: TrayController (logic, testable headless) and run_tray (the pystray adapter).

Importing this package never imports pystray; only run_tray/TrayIcon do.
"""

from companion.tray.autostart import set_start_at_login
from companion.tray.controller import (
    MenuEntry,
    TrayCallbacks,
    TrayController,
    privacy_callback,
)
from companion.tray.icons import draw_icon


def run_tray(controller: TrayController, shutdown=None) -> None:
    """Show the icon and block until Quit (see companion.tray.icon.run_tray)."""
    from companion.tray.icon import run_tray as _run_tray

    _run_tray(controller, shutdown)


__all__ = [
    "MenuEntry",
    "TrayCallbacks",
    "TrayController",
    "draw_icon",
    "privacy_callback",
    "run_tray",
    "set_start_at_login",
]
