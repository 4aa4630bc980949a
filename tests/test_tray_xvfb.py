"""A real tray icon on a real X server: Xvfb + D-Bus + trayer (the tray host), the icon and
its menu driven with xdotool, checked on screenshots.

Runs `python -m companion.tray`, the same TrayController + pystray adapter as `companion run`,
with callbacks that print each action. Set COMPANION_SCREENSHOTS=DIR to keep tray.png.
"""

from __future__ import annotations

import os
import queue
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import require_binary, screenshot
from PIL import Image

from companion.tray.palette import MOOD_COLOURS, STATE_COLOURS, hex_to_rgb

REPO = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow


class Client:
    """The tray process with its stdout lines in a queue (so reads can time out)."""

    def __init__(self, env: dict[str, str], *args: str) -> None:
        clean = {k: v for k, v in os.environ.items() if k != "PYSTRAY_BACKEND"}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "companion.tray", *args],
            cwd=REPO,
            env={**clean, **env},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line.strip())

    def expect(self, prefix: str, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        seen = []
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.2)
            except queue.Empty:
                if self.proc.poll() is not None and self.lines.empty():
                    break
                continue
            seen.append(line)
            if line.startswith(prefix):
                return line
        stderr = self.proc.stderr.read() if self.proc.poll() is not None else ""
        pytest.fail(f"tray never printed {prefix!r}; got {seen}; stderr: {stderr[-2000:]}")

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(5)


def panel_geometry(env: dict[str, str]) -> tuple[int, int, int, int]:
    """x, y, width, height of trayer's panel window (where our icon is embedded)."""
    out = subprocess.run(
        ["xwininfo", "-name", "panel"],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    value = {
        k: int(re.search(rf"{k}:\s+(-?\d+)", out).group(1))
        for k in ("Absolute upper-left X", "Absolute upper-left Y", "Width", "Height")
    }
    return (
        value["Absolute upper-left X"],
        value["Absolute upper-left Y"],
        value["Width"],
        value["Height"],
    )


def close_to(pixel: tuple[int, ...], colour: str, tolerance: int = 30) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(pixel[:3], hex_to_rgb(colour)))


def wait_for_pixel(env, tmp_path: Path, xy: tuple[int, int], colour: str, name: str) -> Image.Image:
    """Screenshot until the pixel at `xy` has `colour` (the icon got drawn / redrawn)."""
    deadline = time.monotonic() + 20
    while True:
        img = Image.open(screenshot(env, tmp_path / f"{name}.png")).convert("RGB")
        if close_to(img.getpixel(xy), colour):
            return img
        if time.monotonic() > deadline:
            pytest.fail(f"{name}: pixel {xy} is {img.getpixel(xy)}, expected {colour}")
        time.sleep(0.3)


def menu_box(before: Image.Image, after: Image.Image) -> tuple[int, int, int, int] | None:
    """Bounding box of what appeared between two screenshots (the popup menu)."""
    from PIL import ImageChops

    diff = ImageChops.difference(before, after).convert("L").point(lambda v: 255 if v > 40 else 0)
    return diff.getbbox()


def xdo(env, *args: str) -> None:
    subprocess.run(["xdotool", *args], env={**os.environ, **env}, check=True)


def open_menu(env, tmp_path: Path, icon_xy, name: str):
    """Right-click the icon; returns the menu's bounding box once it is on screen."""
    before = Image.open(screenshot(env, tmp_path / f"{name}-before.png")).convert("RGB")
    for _attempt in range(3):  # a click right after the icon is embedded can be lost
        xdo(env, "mousemove", str(icon_xy[0]), str(icon_xy[1]), "click", "3")
        deadline = time.monotonic() + 4
        while time.monotonic() < deadline:
            time.sleep(0.3)
            after = Image.open(screenshot(env, tmp_path / f"{name}.png")).convert("RGB")
            box = menu_box(before, after)
            if box and box[3] - box[1] > 100:  # taller than the icon: the menu is up
                return box, after
    pytest.fail(f"{name}: no menu appeared after right-clicking the tray icon at {icon_xy}")


def test_real_tray_icon_menu_and_actions(tray_host: dict[str, str], tmp_path: Path) -> None:
    require_binary("xdotool")
    require_binary("xwininfo", "x11-utils")
    env = tray_host
    if shutil.which("xsetroot"):  # a calm desktop colour instead of black, for the screenshot
        subprocess.run(["xsetroot", "-solid", "#d5dcdf"], env={**os.environ, **env}, check=True)
    client = Client(env, "--mood", "happy", "--valence", "0.7")
    try:
        ready = client.expect("READY")
        assert ready.split()[1] in ("pystray._appindicator", "pystray._gtk"), ready  # has a menu
        deadline = time.monotonic() + 20
        while (geometry := panel_geometry(env))[2] < 16:  # grows when our icon is embedded
            if time.monotonic() > deadline:
                pytest.fail(f"the icon was never embedded in the tray (panel {geometry})")
            time.sleep(0.2)
        x, y, w, h = geometry
        icon_xy = (x + w // 2, y + h // 2)
        # The icon sits in the tray, yellow for "happy"; sample the face left of the centre.
        face_xy = (icon_xy[0] - 6, icon_xy[1] - 1)
        wait_for_pixel(env, tmp_path, face_xy, MOOD_COLOURS["happy"], "tray-icon")

        box, shot = open_menu(env, tmp_path, icon_xy, "tray-menu")
        keep = os.environ.get("COMPANION_SCREENSHOTS")
        crop = shot.crop((max(0, box[0] - 40), 0, shot.width, box[3] + 30))
        crop.save(tmp_path / "tray.png")
        if keep:
            Path(keep).mkdir(parents=True, exist_ok=True)
            crop.save(Path(keep) / "tray.png")
        # Click the first item ("Talk now") where it is drawn: top of the menu + half a row.
        xdo(env, "mousemove", str((box[0] + box[2]) // 2), str(box[1] + 15), "click", "1")
        assert client.expect("ACTION") == "ACTION talk_now"

        # Privacy mode: third item. Keyboard navigation is theme-independent.
        open_menu(env, tmp_path, icon_xy, "tray-menu-2")
        xdo(env, "key", "Down", "Down", "Down", "Return")
        assert client.expect("ACTION") == "ACTION privacy True"
        wait_for_pixel(env, tmp_path, face_xy, STATE_COLOURS["privacy"], "tray-privacy")

        # Quit: the last item (Up wraps to it); the process must end by itself, cleanly.
        open_menu(env, tmp_path, icon_xy, "tray-menu-3")
        xdo(env, "key", "Up", "Return")
        assert client.expect("ACTION") == "ACTION quit"
        client.expect("STOPPED")
        assert client.proc.wait(15) == 0
    finally:
        client.close()
