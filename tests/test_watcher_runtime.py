"""The watcher thread with fake cameras and a fake analyser: rates, faults, pause, events.

Fakes here test the runtime's logic only; tests/test_watcher_e2e.py runs the real models
on real faces. Timing checks are lower bounds (a wait is never shorter than asked) or
generous upper bounds that only a busy loop would break.
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np
import pytest

from companion.bus import EventBus
from companion.config import CameraSettings, MoodSettings
from companion.errors import UserError
from companion.events import (
    CameraStatus,
    CheckIn,
    ConversationEnded,
    Event,
    FaceObserved,
    MoodUpdate,
)
from companion.mood import baseline_path
from companion.vision import EMOTIONS, Frame
from companion.watcher import Watcher

NO_FACE, SAD, HAPPY = 0, 1, 2


@dataclass
class FakeFace:
    probs: np.ndarray
    score: float = 0.9


class FakePipeline:
    """Reads the 'expression' painted into the frame's first pixel."""

    def __init__(self, fail_after: int | None = None) -> None:
        self.calls = 0
        self.fail_after = fail_after

    def analyze(self, image: np.ndarray) -> list[FakeFace]:
        self.calls += 1
        if self.fail_after is not None and self.calls > self.fail_after:
            raise RuntimeError("analyser broke")
        code = int(image[0, 0, 0])
        if code == NO_FACE:
            return []
        p = np.full(len(EMOTIONS), 0.2 / 6)
        p[EMOTIONS.index("sad" if code == SAD else "happy")] = 0.8
        return [FakeFace(p)]

    def close(self) -> None:
        pass


def image(code: int) -> np.ndarray:
    return np.full((4, 4, 3), code, dtype=np.uint8)


class FakeCamera:
    live = True
    fps = 30.0

    def __init__(self, rig: CameraRig) -> None:
        self.rig = rig
        self.index = 0
        self.closed = False

    def read(self) -> Frame | None:
        with self.rig.lock:
            self.rig.reads.append(time.monotonic())
            if self.rig.unplugged or self.closed:
                return None
            self.index += 1
            return Frame(image(self.rig.expression), self.index, self.index / 30)

    def skip(self) -> bool:
        return not self.rig.unplugged

    def close(self) -> None:
        self.closed = True
        self.rig.closes += 1


class FakeVideo:
    """A 'video file' of n frames at 10 fps on its own clock; counts decodes and skips."""

    live = False
    fps = 10.0

    def __init__(self, codes: list[int]) -> None:
        self.codes = codes
        self.index = 0
        self.reads = self.skips = 0
        self.closed = False

    def read(self) -> Frame | None:
        if self.index >= len(self.codes):
            return None
        self.reads += 1
        frame = Frame(image(self.codes[self.index]), self.index, self.index / self.fps)
        self.index += 1
        return frame

    def skip(self) -> bool:
        if self.index >= len(self.codes):
            return False
        self.skips += 1
        self.index += 1
        return True

    def close(self) -> None:
        self.closed = True


class CameraRig:
    """Opens FakeCameras; can be missing (busy), unplugged mid-run, plugged back."""

    def __init__(self, present: bool = True, expression: int = NO_FACE) -> None:
        self.lock = threading.Lock()
        self.present = present
        self.unplugged = False
        self.opens_dead = False  # opens fine but never delivers a frame
        self.expression = expression
        self.opens: list[float] = []
        self.reads: list[float] = []
        self.closes = 0
        self.cameras: list[FakeCamera] = []

    def open(self, spec: str | int) -> FakeCamera:
        with self.lock:
            self.opens.append(time.monotonic())
            if not self.present:
                raise UserError(f"camera {spec} is not available (missing, or busy)", 3)
            self.unplugged = self.opens_dead
            camera = FakeCamera(self)
            self.cameras.append(camera)
            return camera


class Recorder:
    def __init__(self) -> None:
        self.events: list[Event] = []
        self.lock = threading.Lock()

    def __call__(self, event: Event) -> None:
        with self.lock:
            self.events.append(event)

    def of(self, kind: type) -> list:
        with self.lock:
            return [e for e in self.events if isinstance(e, kind)]

    def states(self) -> list[str]:
        return [e.state for e in self.of(CameraStatus)]


def wait_for(condition, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return False


def make_watcher(rig: CameraRig, recorder: Recorder, **kwargs) -> Watcher:
    camera = kwargs.pop("camera", CameraSettings(fps_face=10, fps_idle=2))
    return Watcher(
        "0",
        camera,
        kwargs.pop("mood", MoodSettings(learn_baseline=False)),
        on_event=recorder,
        pipeline=kwargs.pop("pipeline", FakePipeline()),
        open_source=rig.open,
        retry_initial_s=0.02,
        retry_max_s=0.16,
        **kwargs,
    )


def test_missing_camera_is_retried_with_backoff_then_found() -> None:
    rig, rec = CameraRig(present=False), Recorder()
    watcher = make_watcher(rig, rec).start()
    try:
        assert wait_for(lambda: len(rig.opens) >= 7)
        assert rec.states() == ["missing"]  # reported once, not on every retry
        assert "not available" in rec.of(CameraStatus)[0].message
        gaps = np.diff(rig.opens[:7])
        expected = [0.02, 0.04, 0.08, 0.16, 0.16, 0.16]
        assert all(g >= 0.9 * e for g, e in zip(gaps, expected, strict=True)), gaps
        rig.present = True
        assert wait_for(lambda: watcher.camera_state == "ok")
        assert wait_for(lambda: watcher.frames_analysed >= 2)
        assert rec.states() == ["missing", "ok"]
    finally:
        watcher.stop()
    assert not watcher.running
    assert rig.cameras[-1].closed


def test_no_busy_loop_while_missing() -> None:
    rig, rec = CameraRig(present=False), Recorder()
    watcher = make_watcher(rig, rec).start()
    started = time.monotonic()
    time.sleep(1.0)
    watcher.stop()
    elapsed = time.monotonic() - started
    # 0.02 + 0.04 + 0.08, then one try per 0.16 s: a busy loop would make thousands.
    assert len(rig.opens) <= 4 + elapsed / 0.16 + 1
    assert rig.reads == []


def test_unplugged_mid_run_then_back() -> None:
    rig, rec = CameraRig(present=True, expression=HAPPY), Recorder()
    watcher = make_watcher(rig, rec).start()
    try:
        assert wait_for(lambda: watcher.frames_analysed >= 3)
        with rig.lock:
            rig.unplugged, rig.present = True, False
        assert wait_for(lambda: watcher.camera_state == "lost")
        assert rig.cameras[0].closed  # the dead device is released
        reads_when_lost = len(rig.reads)
        assert wait_for(lambda: len(rig.opens) >= 5)
        assert len(rig.reads) == reads_when_lost  # no reading from a camera we do not have
        rig.present = True
        assert wait_for(lambda: watcher.camera_state == "ok")
        analysed = watcher.frames_analysed
        assert wait_for(lambda: watcher.frames_analysed > analysed)
        assert watcher.running
    finally:
        watcher.stop()
    assert rec.states() == ["ok", "lost", "ok"]
    assert all(camera.closed for camera in rig.cameras)


def test_camera_that_opens_but_gives_no_frames_backs_off() -> None:
    rig, rec = CameraRig(present=True), Recorder()
    rig.opens_dead = True
    watcher = make_watcher(rig, rec).start()
    started = time.monotonic()
    time.sleep(1.0)
    watcher.stop()
    elapsed = time.monotonic() - started
    assert 3 <= len(rig.opens) <= 4 + elapsed / 0.16 + 1  # doubling, not once per frame
    assert rec.states()[:4] == ["ok", "lost", "ok", "lost"]
    assert all(camera.closed for camera in rig.cameras)


def test_adaptive_rate_idle_then_face() -> None:
    rig, rec = CameraRig(present=True, expression=NO_FACE), Recorder()
    watcher = make_watcher(rig, rec, camera=CameraSettings(fps_face=10, fps_idle=2)).start()
    try:
        assert wait_for(lambda: len(rig.reads) >= 3)
        idle_gaps = np.diff(rig.reads[:3])
        assert all(g >= 0.45 for g in idle_gaps), idle_gaps  # 2 fps: at least ~0.5 s apart
        rig.expression = SAD
        n = len(rig.reads)
        assert wait_for(lambda: len(rig.reads) >= n + 12)
        face_gaps = np.diff(rig.reads[n + 1 : n + 12])
        assert all(g >= 0.09 for g in face_gaps), face_gaps  # 10 fps: never faster
        assert np.median(face_gaps) < 0.4  # but clearly faster than the idle rate
    finally:
        watcher.stop()
    faces = rec.of(FaceObserved)
    assert faces[0].probs is None and faces[-1].probs is not None


def test_pause_releases_the_camera_and_resume_reopens() -> None:
    rig, rec = CameraRig(present=True, expression=NO_FACE), Recorder()
    watcher = make_watcher(rig, rec).start()
    try:
        assert wait_for(lambda: watcher.frames_analysed >= 1)
        assert watcher.pause() is True
        assert rig.cameras[0].closed and watcher.camera_state == "released"
        reads, opens = len(rig.reads), len(rig.opens)
        time.sleep(0.5)
        assert len(rig.reads) == reads and len(rig.opens) == opens  # nothing while paused
        watcher.resume()
        assert wait_for(lambda: len(rig.opens) == opens + 1 and watcher.camera_state == "ok")
        assert wait_for(lambda: len(rig.reads) > reads)
        assert not rig.cameras[1].closed
    finally:
        watcher.stop()
    assert rec.states() == ["ok", "released", "ok"]
    assert rig.cameras[1].closed


def test_stop_while_paused_and_before_start() -> None:
    rig, rec = CameraRig(), Recorder()
    idle = make_watcher(rig, rec)
    idle.stop()  # never started: nothing to join, nothing opened
    assert rig.opens == []
    watcher = make_watcher(rig, rec).start()
    assert wait_for(lambda: watcher.camera_state == "ok")
    watcher.pause()
    watcher.stop(timeout=5)
    assert not watcher.running


def test_events_reach_bus_and_callback_and_decline_reaches_tracker() -> None:
    bus, rig, rec = EventBus(), CameraRig(expression=SAD), Recorder()
    on_bus = Recorder()
    bus.subscribe(Event, on_bus)
    noon = datetime(2026, 3, 2, 12, 0)
    watcher = make_watcher(
        rig, rec, bus=bus, clock=lambda: noon, mood=MoodSettings(learn_baseline=False)
    ).start()
    try:
        assert wait_for(lambda: rec.of(MoodUpdate))
        bus.publish(ConversationEnded(t=0.0, outcome="declined"))
        reason = watcher.tracker.gate.blocked(noon)
        assert reason is not None and reason.startswith("cooldown: 120.0 min")
    finally:
        watcher.stop()
    assert [e.type for e in on_bus.of(MoodUpdate)] and on_bus.of(CameraStatus)
    assert on_bus.of(FaceObserved)[0].probs is not None


def test_video_runs_on_its_own_clock_skipping_between_samples() -> None:
    """90 s of sad frames at 10 fps: sampled at fps_face, the rest skipped, one check-in."""
    video = FakeVideo([SAD] * 900)
    rec = Recorder()
    watcher = Watcher(
        "clip.mp4",
        CameraSettings(fps_face=3, fps_idle=1),
        MoodSettings(),
        on_event=rec,
        pipeline=FakePipeline(),
        open_source=lambda spec: video,
    )
    started = time.monotonic()
    watcher.run()
    assert time.monotonic() - started < 30  # no real-time waiting for a file
    assert video.closed
    assert 250 <= video.reads <= 320 and video.reads + video.skips == 900
    found = rec.of(CheckIn)
    assert len(found) == 1 and found[0].emotion == "sad" and 60 <= found[0].t <= 75
    updates = rec.of(MoodUpdate)
    assert 80 <= len(updates) <= 92 and updates[-1].t <= 90


def test_video_without_faces_samples_at_idle_rate() -> None:
    video = FakeVideo([NO_FACE] * 300)
    watcher = Watcher(
        "clip.mp4",
        CameraSettings(fps_face=3, fps_idle=1),
        MoodSettings(),
        pipeline=FakePipeline(),
        open_source=lambda spec: video,
    )
    watcher.run()
    assert 29 <= video.reads <= 31


def test_missing_file_fails_fast_or_reports() -> None:
    def missing(spec):
        raise UserError(f"{spec}: no such file")

    rec = Recorder()
    watcher = Watcher(
        "nope.mp4",
        CameraSettings(),
        MoodSettings(),
        on_event=rec,
        pipeline=FakePipeline(),
        open_source=missing,
    )
    with pytest.raises(UserError, match="no such file"):
        watcher.open()
    watcher = Watcher(
        "nope.mp4",
        CameraSettings(),
        MoodSettings(),
        on_event=rec,
        pipeline=FakePipeline(),
        open_source=missing,
    ).start()
    assert watcher.join(5)  # a file that is not there is not retried forever
    assert rec.states() == ["missing"]


def test_camera_driver_exception_is_a_missing_camera() -> None:
    calls = []

    def broken(spec):
        calls.append(spec)
        raise OSError("VIDIOC_STREAMON: Device or resource busy")

    rec = Recorder()
    watcher = Watcher(
        "0",
        CameraSettings(),
        MoodSettings(),
        on_event=rec,
        pipeline=FakePipeline(),
        open_source=broken,
        retry_initial_s=0.02,
        retry_max_s=0.05,
    )
    with pytest.raises(UserError, match="busy") as caught:
        watcher.open()
    assert caught.value.exit_code == 3
    watcher.start()
    assert wait_for(lambda: len(calls) >= 4)
    watcher.stop()
    assert rec.states() == ["missing"]


def test_analyser_crash_is_reported_not_raised() -> None:
    rig, rec = CameraRig(expression=HAPPY), Recorder()
    watcher = make_watcher(rig, rec, pipeline=FakePipeline(fail_after=2)).start()
    assert watcher.join(5)
    assert isinstance(watcher.error, RuntimeError)
    assert rec.states()[-1] == "error"
    assert rig.cameras[0].closed


def test_live_camera_teaches_and_saves_the_baseline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    rig, rec = CameraRig(expression=SAD), Recorder()
    watcher = make_watcher(
        rig, rec, camera=CameraSettings(fps_face=15, fps_idle=5), mood=MoodSettings()
    ).start()
    assert wait_for(lambda: watcher.frames_analysed >= 6)
    watcher.stop()
    assert baseline_path().exists()
    assert watcher.baseline is not None and watcher.baseline.observed_s > 0
    watcher.reset_baseline()
    assert not baseline_path().exists()


def test_video_does_not_touch_the_stored_baseline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    video = FakeVideo([SAD] * 100)
    Watcher(
        "clip.mp4",
        CameraSettings(),
        MoodSettings(),
        pipeline=FakePipeline(),
        open_source=lambda spec: video,
    ).run()
    assert not baseline_path().exists()


class BufferedCamera:
    """Like a V4L2 webcam at 30 fps with 4 buffers: while nobody dequeues, the driver keeps
    the first 4 frames after the last dequeue and drops the rest; an empty queue blocks."""

    live = True
    fps = 30.0

    def __init__(self) -> None:
        self.next_capture = time.monotonic()
        self.buffered: list[float] = []
        self.ages: list[float] = []

    def _dequeue(self) -> float:
        now = time.monotonic()
        while self.next_capture <= now and len(self.buffered) < 4:
            self.buffered.append(self.next_capture)
            self.next_capture += 1 / self.fps
        if self.next_capture <= now:  # full: frames were dropped until this dequeue
            self.next_capture += math.ceil((now - self.next_capture) * self.fps) / self.fps
        if self.buffered:
            return self.buffered.pop(0)
        time.sleep(max(0.0, self.next_capture - now))
        captured, self.next_capture = self.next_capture, self.next_capture + 1 / self.fps
        return captured

    def read(self) -> Frame:
        captured = self._dequeue()
        self.ages.append(time.monotonic() - captured)
        return Frame(image(NO_FACE), len(self.ages), captured)

    def skip(self) -> bool:
        self._dequeue()
        return True

    def close(self) -> None:
        pass


def test_live_reads_are_fresh_not_buffered() -> None:
    """After a 1 s sleep the analysed frame is current, not one the driver kept from 1 s ago."""
    camera = BufferedCamera()
    watcher = Watcher(
        "0",
        CameraSettings(fps_idle=1),
        MoodSettings(learn_baseline=False),
        pipeline=FakePipeline(),
        open_source=lambda spec: camera,
    ).start()
    try:
        assert wait_for(lambda: len(camera.ages) >= 4)
    finally:
        watcher.stop()
    # A plain read would return frames ~1 s old here (see the 'stale' control below).
    assert max(camera.ages[1:4]) < 0.3, camera.ages


def test_buffered_camera_model_is_stale_without_draining() -> None:
    """Control: the fake really does hand out old frames to a reader that just sleeps."""
    camera = BufferedCamera()
    camera.read()
    ages = []
    for _ in range(3):
        time.sleep(0.5)
        camera.read()
        ages.append(camera.ages[-1])
    assert min(ages) > 0.4, ages
