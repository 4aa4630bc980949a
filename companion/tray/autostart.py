"""Start at login, per platform (settings key general.start_at_login).

Linux: an XDG autostart entry in $XDG_CONFIG_HOME/autostart; macOS: a LaunchAgent plist in
~/Library/LaunchAgents; Windows: a .cmd in the Startup folder. Each just runs
`<this python> -m companion run`, so it follows the install it was enabled from.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from companion.paths import write_text_atomic

LABEL = "io.github.companion"


def _command() -> list[str]:
    return [sys.executable, "-m", "companion", "run"]


def autostart_path(platform: str | None = None, home: Path | None = None) -> Path:
    platform = platform or sys.platform
    home = home or Path.home()
    if platform == "darwin":
        return home / "Library" / "LaunchAgents" / f"{LABEL}.plist"
    if platform == "win32":
        appdata = Path(os.environ.get("APPDATA", home / "AppData" / "Roaming"))
        return (
            appdata
            / "Microsoft"
            / "Windows"
            / "Start Menu"
            / "Programs"
            / "Startup"
            / ("companion.cmd")
        )
    config = Path(os.environ.get("XDG_CONFIG_HOME") or home / ".config")
    return config / "autostart" / "companion.desktop"


def _content(platform: str) -> str:
    cmd = _command()
    if platform == "darwin":
        args = "\n".join(f"    <string>{_xml(a)}</string>" for a in cmd)
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" '
            '"http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n'
            '<plist version="1.0">\n<dict>\n'
            f"  <key>Label</key>\n  <string>{LABEL}</string>\n"
            f"  <key>ProgramArguments</key>\n  <array>\n{args}\n  </array>\n"
            "  <key>RunAtLoad</key>\n  <true/>\n"
            "</dict>\n</plist>\n"
        )
    if platform == "win32":
        quoted = " ".join(f'"{a}"' for a in cmd)
        return f'@echo off\r\nstart "" {quoted}\r\n'
    exec_line = " ".join(_desktop_quote(a) for a in cmd)
    return (
        "[Desktop Entry]\n"
        "Type=Application\n"
        "Name=Companion\n"
        "Comment=Offline companion that checks in when you seem down\n"
        f"Exec={exec_line}\n"
        "X-GNOME-Autostart-enabled=true\n"
        "Terminal=false\n"
    )


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _desktop_quote(arg: str) -> str:
    if not any(ch in arg for ch in " \t\n\"'\\><~|&;$*?#()`"):
        return arg
    escaped = arg.replace("\\", "\\\\").replace('"', '\\"').replace("`", "\\`").replace("$", "\\$")
    return f'"{escaped}"'


def set_start_at_login(
    enabled: bool, platform: str | None = None, home: Path | None = None
) -> Path:
    """Create or remove the login entry; returns its path."""
    platform = platform or sys.platform
    path = autostart_path(platform, home)
    if enabled:
        write_text_atomic(path, _content(platform))
    else:
        path.unlink(missing_ok=True)
    return path


def is_enabled(platform: str | None = None, home: Path | None = None) -> bool:
    return autostart_path(platform, home).exists()
