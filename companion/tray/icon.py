"""The thin pystray adapter: mirrors a TrayController onto a real tray icon.

pystray is imported here, lazily, so headless commands (watch, export, ...) never need a
display. On Linux pystray tries AppIndicator, then GTK (both have menus), then Xlib (no
menu: we warn). `run_tray` blocks on the calling thread, which must be the main thread on
macOS; it returns after Quit or when `shutdown` is set.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from typing import Any

from companion.errors import UserError
from companion.tray.controller import MenuEntry, TrayController
from companion.tray.icons import draw_icon

log = logging.getLogger(__name__)
TICK_S = 5.0


def has_display() -> bool:
    """A desktop session a tray icon can live in (always so on Windows and macOS)."""
    if not sys.platform.startswith("linux"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def load_pystray() -> Any:
    """Import pystray, or explain in one line why there is no tray here."""
    if not has_display() and os.environ.get("PYSTRAY_BACKEND") != "dummy":
        raise UserError(
            "no display for the tray icon; use `companion watch` or `companion dashboard`",
            exit_code=3,
        )
    try:
        import pystray
    except Exception as exc:  # ImportError, Xlib display errors, GTK init failures
        raise UserError(f"no system tray available ({exc})", exit_code=3) from None
    backend = pystray.Icon.__module__.rsplit("._", 1)[-1]
    if backend == "xorg":
        log.warning(
            "tray: only the Xlib backend is available, which has no menu; install "
            "PyGObject and gir1.2-gtk-3.0 (and an AppIndicator gir) for the full menu"
        )
    return pystray


def build_menu(pystray: Any, entries: tuple[MenuEntry, ...]) -> Any:
    """pystray.Menu mirroring the controller's toolkit-neutral menu model."""
    items = []
    for entry in entries:
        if entry.id == "-":
            items.append(pystray.Menu.SEPARATOR)
            continue
        submenu = build_menu(pystray, entry.children) if entry.children else None
        items.append(
            pystray.MenuItem(
                entry.label,
                submenu if submenu is not None else _click_handler(entry),
                checked=(lambda _item, c=entry.checked: c) if entry.checked is not None else None,
                radio=entry.radio,
                enabled=entry.enabled,
                default=entry.default,
            )
        )
    return pystray.Menu(*items)


def _click_handler(entry: MenuEntry) -> Any:
    """pystray wants a callable of exactly (icon, item); bind the entry's action to one."""

    def on_click(_icon: Any, _item: Any) -> None:
        if entry.action is not None:
            entry.action()

    return on_click


class TrayIcon:
    """Owns the pystray.Icon; refreshes picture, tooltip and menu on controller changes."""

    def __init__(self, controller: TrayController, pystray: Any | None = None) -> None:
        self.controller = controller
        self.pystray = pystray or load_pystray()
        self._shown: tuple[Any, ...] | None = None
        self.icon = self.pystray.Icon(
            "companion", self._image(), controller.tooltip(), self._menu()
        )
        controller.add_listener(self.refresh)

    def _image(self) -> Any:
        c = self.controller
        return draw_icon(c.state, c.mood, c.valence)

    def _menu(self) -> Any:
        return build_menu(self.pystray, self.controller.menu())

    def refresh(self) -> None:
        c = self.controller
        if c.quitting:
            self.icon.stop()
            return
        look = (c.state, c.mood, round(c.valence, 1), c.language, c.paused_until)
        if look == self._shown:
            return
        self._shown = look
        self.icon.icon = self._image()
        self.icon.title = c.tooltip()
        self.icon.menu = self._menu()
        try:
            self.icon.update_menu()
        except Exception:  # some backends rebuild on the menu setter already
            log.debug("update_menu failed", exc_info=True)

    def run(self, shutdown: threading.Event | None = None) -> None:
        """Block until Quit (or `shutdown`); a helper thread handles pause timeouts."""
        stop = shutdown or threading.Event()
        done = threading.Event()

        def ticker() -> None:
            while not done.wait(TICK_S):
                if stop.is_set():
                    self.icon.stop()
                    return
                self.controller.tick()

        def setup(icon: Any) -> None:
            icon.visible = True
            thread.start()

        thread = threading.Thread(target=ticker, name="tray-tick", daemon=True)
        try:
            self.icon.run(setup=setup)
        except Exception as exc:
            # pystray's GTK backends close their (never shown) notification on the way out;
            # with no notification daemon, or one that rejects id 0 (notification-daemon
            # answers InvalidId), that raises after the icon is already gone. Not a failure.
            if not (self.controller.quitting or stop.is_set()):
                raise
            log.debug("tray backend complained while stopping: %s", exc)
        finally:
            done.set()
            if thread.is_alive():
                thread.join(TICK_S + 1)


def run_tray(controller: TrayController, shutdown: threading.Event | None = None) -> None:
    """Show the tray icon for `controller` and block until Quit or `shutdown` is set."""
    TrayIcon(controller).run(shutdown)
