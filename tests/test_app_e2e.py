"""`companion run` wiring end to end: a sad video leads to a spoken check-in, recorded.

Real components throughout: the watcher with the shipped face and emotion models on a
video of FER2013 sad faces, the dialogue manager with its templates, pyttsx3 + espeak-ng
rendering every reply (into a MemorySink, as this machine has no speaker), the listener
(VAD + recogniser) on silent audio, and the SQLite store.
"""

from __future__ import annotations

import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from companion.config import Settings
from companion.events import AppStateChanged, CheckIn, ConversationEnded

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tools"))

from make_fer_video import cached_video  # noqa: E402


@pytest.fixture(scope="module")
def sad_video(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return cached_video(tmp_path_factory.mktemp("videos"), "sad", 90)


def test_sad_video_leads_to_spoken_checkin_that_ends_on_silence(
    private_dirs: Path, sad_video: Path
) -> None:
    from companion.app import CompanionApp
    from companion.voice import ArraySource, MemorySink, Speaker, open_listener

    settings = Settings()
    settings.dialogue.silence_timeout_s = 3.0
    sink = MemorySink(speed=20.0)
    states: list[str] = []
    ended = threading.Event()
    outcomes: list[ConversationEnded] = []
    checkins: list[CheckIn] = []

    def listener_factory(lang: str):
        silence = ArraySource(np.zeros(16000 * 30, dtype=np.int16), realtime=True)
        return open_listener(settings.voice, lang, source=silence)

    app = CompanionApp(
        settings,
        source=str(sad_video),
        use_tray=False,
        pace_video=False,  # the 90 s video as fast as the CPU allows
        speaker_factory=lambda: Speaker(settings.voice, sink=sink),
        listener_factory=listener_factory,
    )
    app.bus.subscribe(AppStateChanged, lambda e: states.append(e.state))
    app.bus.subscribe(CheckIn, checkins.append)
    app.bus.subscribe(ConversationEnded, lambda e: (outcomes.append(e), ended.set()))
    app.start()
    try:
        assert ended.wait(120), f"no conversation ended; states {states}"
        rows = app.store.checkins()
    finally:
        app.close()

    assert len(checkins) == 1 and checkins[0].emotion in ("sad", "fear", "angry", "disgust")
    assert outcomes[0].outcome == "silence"
    assert outcomes[0].trigger.startswith("checkin:")
    assert "talking" in states and states[-1] == "stopped"
    # The opening and the gentle prompt were really synthesised: seconds of audible speech.
    audio = np.concatenate(sink.played)
    assert len(audio) / sink.rate > 2.0
    assert np.abs(audio.astype(np.float32)).max() > 1000
    # The store has the check-in and how it ended; the camera thread is gone.
    assert len(rows) == 1 and rows[0]["outcome"] == "silence"
    assert not app.watcher.running


def test_run_command_without_display_or_devices(private_dirs: Path, sad_video: Path) -> None:
    """No display, no speaker, no microphone: it still runs, says what is missing, stops on TERM."""
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(private_dirs),
        "XDG_CONFIG_HOME": str(private_dirs / "config"),
        "XDG_DATA_HOME": str(private_dirs / "data"),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "companion", "run", "--source", str(sad_video)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = process.stdout.readline()
        assert line.startswith("companion: dashboard at http://127.0.0.1:"), line
        time.sleep(2)
        process.terminate()
        _, stderr = process.communicate(timeout=30)
    finally:
        process.kill()
    assert process.returncode == 0, stderr
    assert "no display" in stderr
    assert "Traceback" not in stderr


def test_dashboard_follows_the_mood_of_a_video_playing_in_real_time(
    private_dirs: Path, chromium_browser, tmp_path: Path
) -> None:
    """The app with a video standing in for the camera, its dashboard in headless Chromium.

    The video shows FER2013 happy faces for 12 s, then sad faces for 30 s; the page, which
    only polls the app, must show the happy mood and then a negative one, live.
    """
    from make_fer_video import load_faces, write_video
    from playwright.sync_api import expect

    from companion.app import CompanionApp

    faces = np.concatenate([load_faces("happy", 6), load_faces("sad", 15)])
    video = write_video(tmp_path / "happy_then_sad.mp4", faces)
    app = CompanionApp(Settings(), source=str(video), use_tray=False, use_voice=False)
    assert "not available: voice" in app.tray.tooltip()
    context = chromium_browser.new_context(viewport={"width": 1000, "height": 720})
    page = context.new_page()
    app.start()
    started = time.monotonic()
    try:
        page.goto(app.dashboard.url)
        expect(page.locator("#camera-state")).to_have_text("On", timeout=10_000)
        expect(page.locator("#mood-word")).to_have_text("Happy", timeout=12_000)
        seen_happy_at = time.monotonic() - started
        expect(page.locator("#mood-word")).to_have_text(
            re.compile("Sad|Worried|Frustrated|Displeased"), timeout=35_000
        )
        seen_negative_at = time.monotonic() - started
    finally:
        context.close()
        app.close()
    # Played at the video's pace: the sad faces start 12 s in, so the change comes later.
    assert seen_happy_at < 12 < seen_negative_at


class FakeCamera:
    """A live source that always sees the same real face photo; records being closed."""

    live = True
    fps = 30.0

    def __init__(self, image: np.ndarray, log: list[str]) -> None:
        self.image, self.log, self.index = image, log, 0
        log.append("open")

    def read(self):
        from companion.vision import Frame

        self.index += 1
        return Frame(self.image, self.index, self.index / 30)

    def skip(self) -> bool:
        return True

    def close(self) -> None:
        self.log.append("close")


def test_tray_privacy_really_closes_camera_and_microphone(
    private_dirs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Privacy from the tray menu: the camera device and the microphone stream are let go."""
    import companion.vision
    from companion.app import CompanionApp
    from companion.vision import load_image
    from companion.voice import ArraySource, MemorySink, Speaker, open_listener

    photo = load_image(REPO.parent / "shared" / "media" / "face_photo.jpg")
    camera_log: list[str] = []
    monkeypatch.setattr(companion.vision, "open_source", lambda spec: FakeCamera(photo, camera_log))
    microphones: list[ArraySource] = []
    settings = Settings()

    def listener_factory(lang: str):
        microphones.append(ArraySource(np.zeros(16000 * 60, dtype=np.int16), realtime=True))
        return open_listener(settings.voice, lang, source=microphones[-1])

    app = CompanionApp(
        settings,
        source="0",
        use_tray=False,
        speaker_factory=lambda: Speaker(settings.voice, sink=MemorySink(speed=20.0)),
        listener_factory=listener_factory,
    )
    app.start()
    try:
        deadline = time.monotonic() + 20
        while app.watcher.camera_state != "ok" and time.monotonic() < deadline:
            time.sleep(0.05)
        assert app.watcher.camera_state == "ok" and camera_log == ["open"]
        app.tray.activate("talk_now")
        while not microphones and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(microphones) == 1 and not microphones[0]._closed.is_set()

        app.tray.activate("privacy")
        assert camera_log == ["open", "close"]
        assert app.watcher.camera_state == "released"
        while not microphones[0]._closed.is_set() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert microphones[0]._closed.is_set()
        assert app.tray.state == "privacy" and "privacy" in app.tray.tooltip().lower()
        assert not app.tray.find("talk_now").enabled
        assert not app.start_conversation(None)  # no listening while private
        assert len(microphones) == 1

        app.tray.activate("privacy")  # off again: the camera comes back
        while camera_log.count("open") < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert camera_log.count("open") == 2
    finally:
        app.close()
    assert camera_log[-1] == "close"
