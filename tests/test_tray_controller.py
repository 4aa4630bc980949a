"""Tray logic: every menu item does what it says; icon and tooltip follow state and mood.

Uses fakes for the camera and microphone (this is the unit test of the logic); the real
icon under Xvfb is in test_tray_xvfb.py.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from companion.bus import EventBus
from companion.events import AppStateChanged, MoodUpdate
from companion.tray import TrayCallbacks, TrayController, draw_icon, privacy_callback
from companion.tray.autostart import autostart_path, is_enabled, set_start_at_login

REPO = Path(__file__).resolve().parents[1]


class FakeCamera:
    def __init__(self) -> None:
        self.open = True

    def pause(self) -> None:
        self.open = False

    def resume(self) -> None:
        self.open = True


class FakeMicrophone:
    def __init__(self, fail: bool = False) -> None:
        self.open = True
        self.fail = fail

    def stop(self) -> None:
        if self.fail:
            raise OSError("device busy")
        self.open = False

    def start(self) -> None:
        self.open = True


class Recorder:
    """TrayCallbacks that log every call, plus the fake sources behind privacy mode."""

    def __init__(self) -> None:
        self.calls: list[tuple] = []
        self.camera, self.mic = FakeCamera(), FakeMicrophone()
        privacy = privacy_callback(
            [self.camera.pause, self.mic.stop], [self.camera.resume, self.mic.start]
        )
        self.callbacks = TrayCallbacks(
            on_talk_now=lambda: self.calls.append(("talk_now",)),
            on_pause=lambda m: self.calls.append(("pause", m)),
            on_resume=lambda: self.calls.append(("resume",)),
            on_privacy=lambda on: (self.calls.append(("privacy", on)), privacy(on)),
            on_open_dashboard=lambda: self.calls.append(("dashboard",)),
            on_language=lambda lang: self.calls.append(("language", lang)),
            on_quit=lambda: self.calls.append(("quit",)),
        )


class Clock:
    def __init__(self) -> None:
        self.t = 1_000_000.0

    def __call__(self) -> float:
        return self.t


@pytest.fixture
def rec() -> Recorder:
    return Recorder()


@pytest.fixture
def tray(rec: Recorder) -> TrayController:
    return TrayController(rec.callbacks, clock=Clock())


def labels(entries) -> list[str]:
    return [e.label for e in entries if e.id != "-"]


def test_menu_has_every_item(tray: TrayController) -> None:
    assert labels(tray.menu()) == [
        "Talk now",
        "Pause",
        "Privacy mode",
        "Open dashboard",
        "Language",
        "Quit",
    ]
    assert labels(tray.find("pause").children) == ["15 minutes", "1 hour", "Until I resume"]
    assert labels(tray.find("language").children) == ["English", "中文"]
    assert tray.find("language_en").checked is True
    assert tray.find("talk_now").default is True


def test_talk_now_and_dashboard(tray: TrayController, rec: Recorder) -> None:
    tray.activate("talk_now")
    tray.activate("dashboard")
    assert rec.calls == [("talk_now",), ("dashboard",)]


@pytest.mark.parametrize(("item", "minutes"), [("pause_15", 15), ("pause_60", 60)])
def test_timed_pause_resumes_by_itself(tray: TrayController, rec: Recorder, item, minutes) -> None:
    tray.activate(item)
    assert rec.calls == [("pause", minutes)]
    assert tray.state == "paused"
    assert tray.tooltip().startswith("Companion: paused until ")
    assert "resume" in [e.id for e in tray.menu()]
    tray.tick(tray.clock() + minutes * 60 - 1)
    assert tray.state == "paused"
    tray.tick(tray.clock() + minutes * 60)
    assert tray.state == "watching"
    assert rec.calls[-1] == ("resume",)


def test_pause_until_resumed(tray: TrayController, rec: Recorder) -> None:
    tray.activate("pause_none")
    assert rec.calls == [("pause", None)]
    tray.tick(tray.clock() + 10 * 86400)
    assert tray.state == "paused"  # no deadline: stays paused
    assert tray.tooltip() == "Companion: paused"
    tray.activate("resume")
    assert tray.state == "watching" and rec.calls[-1] == ("resume",)


def test_privacy_mode_closes_camera_and_microphone_at_once(
    tray: TrayController, rec: Recorder
) -> None:
    changes: list[str] = []
    tray.add_listener(lambda: changes.append(tray.state))
    tray.activate("privacy")
    assert not rec.camera.open and not rec.mic.open
    assert tray.state == "privacy" and changes == ["privacy"]
    assert tray.find("privacy").checked is True
    assert tray.tooltip() == "Companion: privacy mode, camera and microphone closed"
    assert not tray.find("talk_now").enabled  # microphone closed: no talking
    assert not tray.find("pause").enabled
    with pytest.raises(ValueError):
        tray.activate("talk_now")
    tray.activate("privacy")  # unchecking reopens both
    assert rec.camera.open and rec.mic.open
    assert tray.state == "watching"
    assert [c for c in rec.calls if c[0] == "privacy"] == [("privacy", True), ("privacy", False)]


def test_privacy_closes_the_camera_even_if_the_microphone_fails() -> None:
    camera, mic = FakeCamera(), FakeMicrophone(fail=True)
    switch = privacy_callback([mic.stop, camera.pause], [camera.resume, mic.start])
    with pytest.raises(OSError, match="device busy"):
        switch(True)
    assert not camera.open


def test_icon_shows_privacy(tray: TrayController) -> None:
    watching = draw_icon(tray.state, "neutral", 0.0)
    tray.activate("privacy")
    assert draw_icon(tray.state, "neutral", 0.0).tobytes() != watching.tobytes()


def test_language_switch(tray: TrayController, rec: Recorder) -> None:
    tray.activate("language_zh")
    assert rec.calls == [("language", "zh")]
    assert labels(tray.menu())[0] == "现在聊聊"
    assert tray.find("language_zh").checked is True
    assert tray.tooltip().startswith("陪伴：正在轻轻留意")


def test_quit(tray: TrayController, rec: Recorder) -> None:
    tray.activate("quit")
    assert rec.calls == [("quit",)] and tray.quitting


def test_bus_events_drive_state_mood_and_tooltip(tray: TrayController) -> None:
    bus = EventBus()
    tray.attach(bus)
    seen: list[str] = []
    tray.add_listener(lambda: seen.append(tray.tooltip()))
    bus.publish(
        MoodUpdate(t=0, scores={}, valence=-0.6, confidence=0.9, face_present=True, dominant="sad")
    )
    assert tray.tooltip() == "Companion: watching gently · you seem sad"
    bus.publish(
        MoodUpdate(t=0, scores={}, valence=0.0, confidence=0.0, face_present=False, dominant="")
    )
    assert tray.tooltip() == "Companion: watching gently · no one in view"
    bus.publish(AppStateChanged(t=0, state="talking"))
    assert tray.state == "talking"
    bus.publish(AppStateChanged(t=0, state="nonsense"))
    assert tray.state == "talking"
    assert len(seen) == 3


def test_icons_differ_per_state_and_mood() -> None:
    looks = {
        (state, mood): draw_icon(state, mood, v).tobytes()
        for state, mood, v in [
            ("watching", "neutral", 0.0),
            ("watching", "happy", 0.8),
            ("watching", "sad", -0.7),
            ("watching", None, 0.0),
            ("paused", "sad", -0.7),
            ("privacy", None, 0.0),
            ("talking", "neutral", 0.1),
        ]
    }
    assert len(set(looks.values())) == len(looks)
    icon = draw_icon("watching", "happy", 0.8, size=32)
    assert icon.size == (32, 32) and icon.mode == "RGBA"
    assert icon.getpixel((0, 0))[3] == 0  # transparent corners: a round face


def test_pystray_adapter_with_the_dummy_backend(
    tray: TrayController, rec: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYSTRAY_BACKEND", "dummy")
    for name in [m for m in sys.modules if m == "pystray" or m.startswith("pystray.")]:
        monkeypatch.delitem(sys.modules, name)
    from companion.tray.icon import TrayIcon

    adapter = TrayIcon(tray)
    assert type(adapter.icon).__module__ == "pystray._base"  # the dummy backend's Icon
    items = list(adapter.icon.menu.items)
    separator = sys.modules["pystray"].Menu.SEPARATOR
    assert [i.text for i in items if i is not separator] == labels(tray.menu())
    pause = next(i for i in items if i.text == "Pause")
    fifteen = next(i for i in pause.submenu.items if i.text == "15 minutes")
    fifteen(adapter.icon)  # what a click does
    assert rec.calls == [("pause", 15)]
    assert adapter.icon.title == tray.tooltip()
    assert "Resume" in [i.text for i in adapter.icon.menu.items]  # menu rebuilt
    privacy = next(i for i in adapter.icon.menu.items if i.text == "Privacy mode")
    privacy(adapter.icon)
    assert not rec.camera.open and not rec.mic.open
    assert next(i for i in adapter.icon.menu.items if i.text == "Privacy mode").checked


def test_headless_commands_never_import_pystray() -> None:
    code = (
        "import sys, companion.cli, companion.tray, companion.web, companion.store;"
        "companion.cli.build_parser();"
        "assert 'pystray' not in sys.modules, 'pystray imported';"
        "assert 'flask' not in sys.modules, 'flask imported by the CLI'"
    )
    env = {"PATH": "/usr/bin:/bin"}  # no DISPLAY
    proc = subprocess.run(
        [sys.executable, "-c", code.replace(", companion.web", "")],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr


def test_no_display_is_a_one_line_error() -> None:
    env = {"PATH": "/usr/bin:/bin"}
    proc = subprocess.run(
        [sys.executable, "-m", "companion.tray"], cwd=REPO, env=env, capture_output=True, text=True
    )
    assert proc.returncode == 3
    assert proc.stderr.startswith("companion: error: no display for the tray icon")
    assert proc.stderr.count("\n") == 1


@pytest.mark.parametrize("platform", ["linux", "darwin", "win32"])
def test_start_at_login_per_platform(tmp_path: Path, monkeypatch, platform: str) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("APPDATA", str(tmp_path / "AppData"))
    path = set_start_at_login(True, platform=platform, home=tmp_path)
    assert is_enabled(platform, tmp_path)
    text = path.read_text()
    expected = {
        "linux": tmp_path / "xdg" / "autostart" / "companion.desktop",
        "darwin": tmp_path / "Library" / "LaunchAgents" / "io.github.companion.plist",
        "win32": tmp_path
        / "AppData"
        / "Microsoft"
        / "Windows"
        / "Start Menu"
        / "Programs"
        / "Startup"
        / "companion.cmd",
    }[platform]
    assert path == expected == autostart_path(platform, tmp_path)
    assert sys.executable in text and "companion" in text and "run" in text
    if platform == "linux":
        assert text.startswith("[Desktop Entry]\n") and "\nType=Application\n" in text
    if platform == "darwin":
        import plistlib

        plist = plistlib.loads(path.read_bytes())
        assert plist["ProgramArguments"][-3:] == ["-m", "companion", "run"]
        assert plist["RunAtLoad"] is True
    set_start_at_login(False, platform=platform, home=tmp_path)
    assert not path.exists()


def test_tooltip_says_what_the_app_runs_without() -> None:
    from companion.tray import TrayController

    changes: list[int] = []
    controller = TrayController()
    controller.add_listener(lambda: changes.append(1))
    controller.set_missing(["camera", "microphone"])
    assert "not available: camera, microphone" in controller.tooltip()
    assert changes == [1]
    controller.set_missing(["camera", "microphone"])  # no change, no redraw
    assert changes == [1]
    controller.set_language("zh")
    assert "不可用：camera, microphone" in controller.tooltip()
    controller.set_missing([])
    assert "camera" not in controller.tooltip()
