"""Shared fixtures for tests that need a real desktop or browser: Xvfb, a D-Bus session,
a tray host, headless Chromium. Each starts what it needs itself and skips ONLY when a
binary is missing, naming it (tools/install.sh --test installs them all).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def private_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Settings, data and speech models in tmp, never the developer's own; returns tmp_path.

    Test modules that touch user directories in every test re-export it with autouse.
    """
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("VOSK_MODEL_PATH", raising=False)
    monkeypatch.delenv("COMPANION_VOSK_MIRROR", raising=False)
    return tmp_path


def require_binary(name: str, package: str | None = None) -> str:
    """Path of `name`, or skip the test saying which Debian package provides it."""
    path = shutil.which(name)
    if path is None:
        pytest.skip(
            f"{name} not installed (Debian package {package or name}; tools/install.sh --test)"
        )
    return path


def _stop(proc: subprocess.Popen, timeout: float = 5.0) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout)


@pytest.fixture
def xvfb_display() -> Iterator[str]:
    """A private X server (Xvfb 800x600); yields its DISPLAY value, e.g. ":5"."""
    xvfb = require_binary("Xvfb", "xvfb")
    read_fd, write_fd = os.pipe()
    proc = subprocess.Popen(
        [xvfb, "-displayfd", str(write_fd), "-screen", "0", "800x600x24", "-nolisten", "tcp"],
        pass_fds=(write_fd,),
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    with os.fdopen(read_fd) as pipe:
        number = pipe.readline().strip()
    if not number:
        _stop(proc)
        pytest.fail("Xvfb did not report a display number")
    try:
        yield f":{number}"
    finally:
        _stop(proc)


@pytest.fixture
def dbus_session(xvfb_display: str) -> Iterator[dict[str, str]]:
    """A private D-Bus session bus; yields env vars (DISPLAY + DBUS_SESSION_BUS_ADDRESS)."""
    launch = require_binary("dbus-launch", "dbus-x11")
    env = {**os.environ, "DISPLAY": xvfb_display}
    out = subprocess.run(
        [launch, "--sh-syntax"], env=env, capture_output=True, text=True, check=True
    ).stdout
    values = {}
    for line in out.splitlines():
        if "=" in line and not line.startswith("export"):
            key, _, value = line.rstrip(";").partition("=")
            values[key] = value.strip("'")
    try:
        yield {
            "DISPLAY": xvfb_display,
            "DBUS_SESSION_BUS_ADDRESS": values["DBUS_SESSION_BUS_ADDRESS"],
        }
    finally:
        pid = int(values.get("DBUS_SESSION_BUS_PID", "0"))
        if pid:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)


@pytest.fixture
def tray_host(dbus_session: dict[str, str]) -> Iterator[dict[str, str]]:
    """A system-tray host (trayer, top-right) plus a notification daemon on the session.

    Yields the environment for a tray client (DISPLAY, D-Bus address).
    """
    trayer = require_binary("trayer")
    daemon = "/usr/lib/notification-daemon/notification-daemon"
    if not os.access(daemon, os.X_OK):
        pytest.skip("notification-daemon not installed (Debian package notification-daemon)")
    env = {**os.environ, **dbus_session}
    procs = [
        subprocess.Popen([daemon], env=env, stderr=subprocess.DEVNULL),
        subprocess.Popen(
            [
                trayer,
                "--edge",
                "top",
                "--align",
                "right",
                "--widthtype",
                "request",
                "--height",
                "32",
                "--transparent",
                "false",
                "--tint",
                "0x3a4248",
            ],
            env=env,
            stderr=subprocess.DEVNULL,
        ),
    ]
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        found = subprocess.run(
            ["xwininfo", "-root", "-tree"], env=env, capture_output=True, text=True
        ).stdout
        if '"panel"' in found:
            break
        time.sleep(0.2)
    try:
        yield dbus_session
    finally:
        for proc in procs:
            _stop(proc)


def screenshot(env: dict[str, str], path: Path) -> Path:
    """PNG of the whole X screen (ImageMagick `import`)."""
    tool = require_binary("import", "imagemagick")
    subprocess.run([tool, "-window", "root", str(path)], env={**os.environ, **env}, check=True)
    return path


@pytest.fixture(scope="session")
def chromium_browser() -> Iterator[object]:
    """Debian's headless Chromium driven by Playwright (its own download is not used)."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} not installed (Debian package chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
