"""The watcher end to end with the real models on real FER2013 faces.

Videos: 90 s each, the first 45 FER2013 PublicTest faces with the label (dataset order,
not picked by how the model reads them), each held 2 s at 10 fps, upscaled to 200 px on
plain grey in 640x480 frames (tools/make_fer_video.py). The emotion model is retrained
from time to time, so assertions are about behaviour with margins, never exact numbers.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import pytest

from companion.config import CameraSettings, MoodSettings
from companion.events import (
    CameraStatus,
    CheckIn,
    CheckInSuppressed,
    Event,
    FaceObserved,
    MoodUpdate,
)
from companion.mood import NEGATIVE
from companion.paths import REPO_ROOT
from companion.vision import FacePipeline
from companion.watcher import FACE_MEMORY_S, Watcher

sys.path.insert(0, str(REPO_ROOT / "tools"))
import make_fer_video


@pytest.fixture(scope="session")
def fer_videos(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.getbasetemp() / "fer_videos"
    return {
        label: make_fer_video.cached_video(folder, label, 90)
        for label in ("sad", "happy", "neutral")
    }


@pytest.fixture(scope="module")
def pipeline():
    with FacePipeline(max_faces=1) as pipe:
        yield pipe


def watch(path: Path, pipeline: FacePipeline, **mood: object) -> list[Event]:
    events: list[Event] = []
    Watcher(
        str(path),
        CameraSettings(),
        MoodSettings(**mood),
        on_event=events.append,
        pipeline=pipeline,
    ).run()
    return events


def of(events: list[Event], kind: type) -> list:
    return [e for e in events if isinstance(e, kind)]


def test_sad_faces_give_one_checkin(fer_videos: dict[str, Path], pipeline: FacePipeline) -> None:
    events = watch(fer_videos["sad"], pipeline)
    checkins = of(events, CheckIn)
    assert len(checkins) == 1, [e for e in events if not isinstance(e, MoodUpdate)]
    checkin = checkins[0]
    assert checkin.emotion in NEGATIVE
    assert checkin.duration_s >= 60 and 60 <= checkin.t <= 90
    assert checkin.confidence >= 0.4
    assert not of(events, CheckInSuppressed)  # one episode, one decision
    updates = of(events, MoodUpdate)
    assert 80 <= len(updates) <= 92  # about one a second of video
    assert np.mean([u.face_present for u in updates]) > 0.7  # BlazeFace finds the faces
    assert np.mean([u.valence for u in updates[10:]]) < -0.2


@pytest.mark.parametrize("label", ["happy", "neutral"])
def test_happy_or_neutral_faces_give_none(
    fer_videos: dict[str, Path], pipeline: FacePipeline, label: str
) -> None:
    events = watch(fer_videos[label], pipeline)
    assert not of(events, CheckIn)
    assert not of(events, CheckInSuppressed)
    updates = of(events, MoodUpdate)
    assert np.mean([u.face_present for u in updates]) > 0.7
    if label == "happy":
        assert np.mean([u.valence for u in updates[10:]]) > 0.2


def test_video_reports_camera_ok_once(fer_videos: dict[str, Path], pipeline: FacePipeline) -> None:
    events = watch(fer_videos["happy"], pipeline)
    assert [e.state for e in of(events, CameraStatus)] == ["ok"]


class LiveFaceCamera:
    """A 'webcam' showing a FER2013 face while `face` is set, an empty grey room otherwise."""

    live = True
    fps = 30.0

    def __init__(self) -> None:
        face = make_fer_video.load_faces("happy", 1)[0]
        self.with_face = make_fer_video.place_face(face)
        self.empty = np.full_like(self.with_face, make_fer_video.BACKGROUND)
        self.face = True
        self.reads: list[tuple[float, bool]] = []

    def read(self):
        from companion.vision import Frame

        self.reads.append((time.monotonic(), self.face))
        image = self.with_face if self.face else self.empty
        return Frame(image.copy(), len(self.reads), 0.0)

    def skip(self) -> bool:
        return True

    def close(self) -> None:
        pass


def test_live_rate_follows_real_face_detection(pipeline: FacePipeline) -> None:
    """Real detection drives the rate: fast while a face is in view, 1 fps once it has gone."""
    camera = LiveFaceCamera()
    events: list[Event] = []
    watcher = Watcher(
        "0",
        CameraSettings(fps_face=5, fps_idle=1),
        MoodSettings(learn_baseline=False),
        on_event=events.append,
        pipeline=pipeline,
        open_source=lambda spec: camera,
    ).start()
    try:
        time.sleep(2.0)
        camera.face = False
        time.sleep(FACE_MEMORY_S + 3.5)
    finally:
        watcher.stop()
    observed = of(events, FaceObserved)
    with_face = [e for e in observed if e.probs is not None]
    assert len(with_face) >= 3 and all(e.score > 0.5 for e in with_face)
    assert observed[-1].probs is None  # the empty room has no face
    times = [t for t, _ in camera.reads]
    gaps = np.diff(times)
    assert gaps.min() >= 0.18  # never faster than fps_face
    idle = [g for g, t in zip(gaps, times[1:]) if t > times[0] + 2.0 + FACE_MEMORY_S + 1.2]
    assert idle and min(idle) >= 0.9  # back to fps_idle after the face memory
