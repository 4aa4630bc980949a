"""Tracking faces between detections: real detector, real video, real optical flow."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest

from companion.vision import FacePipeline, VideoFileSource, load_image
from companion.vision.tracker import TrackingPolicy, track_faces

SHARED = Path(__file__).resolve().parents[2] / "shared"
PHOTO = SHARED / "media" / "face_photo.jpg"
VIDEO = SHARED / "media" / "talking_face.mp4"


@pytest.fixture(scope="module")
def video_frames():
    with VideoFileSource(VIDEO) as source:
        frames = []
        while (frame := source.read()) is not None:
            frames.append(frame)
    return frames


@pytest.fixture(scope="module")
def reference(video_frames):
    """Detector keypoints and emotions of every frame, detected one by one."""
    with FacePipeline(tracking=None) as pipe:
        faces = [pipe.find_faces(f.image)[0] for f in video_frames]
        results = [pipe.analyze(f.image)[0] for f in video_frames]
    return faces, results


def test_tracked_video_matches_detecting_every_frame(video_frames, reference) -> None:
    ref_faces, ref_results = reference
    with FacePipeline() as pipe:
        results, eye_errors = [], []
        for frame, ref in zip(video_frames, ref_faces):
            found = pipe.analyze(frame.image, frame.t)
            assert len(found) == 1, f"frame {frame.index}: {len(found)} faces"
            results.append(found[0])
            tracked_eyes = pipe._last[2][0].keypoints[:2]
            eye_distance = np.linalg.norm(ref.keypoints[1] - ref.keypoints[0])
            eye_errors.append(np.linalg.norm(tracked_eyes - ref.keypoints[:2], axis=1).max())
            eye_errors[-1] /= eye_distance
        detections, tracked = pipe.detections, pipe.tracked
    n = len(video_frames)
    assert detections + tracked == n
    assert detections <= n / 3, "tracking should replace most detections in a 25 fps video"
    # The detector itself jitters by a few percent of the eye distance from frame to frame.
    assert np.median(eye_errors) < 0.1
    assert max(eye_errors) < 0.4
    agree = sum(r.dominant == ref.dominant for r, ref in zip(results, ref_results))
    assert agree >= 0.9 * n
    l1 = [np.abs(r.probs - ref.probs).sum() for r, ref in zip(results, ref_results)]
    assert np.median(l1) < 0.1


def test_frames_far_apart_are_all_detected(video_frames) -> None:
    with FacePipeline() as pipe:
        for k, frame in enumerate(video_frames[:12]):
            assert pipe.analyze(frame.image, k * 0.34)  # the watcher's 3 fps
        assert (pipe.detections, pipe.tracked) == (12, 0)


def test_no_frame_times_means_detection_every_frame(video_frames) -> None:
    with FacePipeline() as pipe:
        for frame in video_frames[:8]:
            assert pipe.analyze(frame.image)
        assert (pipe.detections, pipe.tracked) == (8, 0)


def test_lost_track_falls_back_to_detection(video_frames) -> None:
    """A cut to an empty scene: the flow check fails, the detector runs and finds nobody."""
    first, second = video_frames[0], video_frames[1]
    with FacePipeline() as pipe:
        assert pipe.analyze(first.image, first.t)
        assert pipe.analyze(second.image, second.t)
        assert pipe.tracked == 1
        blank = np.full_like(first.image, 90)
        assert pipe.analyze(blank, second.t + 0.04) == []
        assert (pipe.detections, pipe.tracked) == (2, 1)
        # With nobody to follow, the next frame is detected again.
        assert pipe.analyze(first.image, second.t + 0.08)
        assert pipe.detections == 3


def test_tracker_follows_a_moving_face() -> None:
    """Shift a real photo by a known number of pixels: the keypoints move by that much."""
    photo = load_image(PHOTO)
    gray = cv2.cvtColor(photo, cv2.COLOR_BGR2GRAY)
    with FacePipeline(tracking=None) as pipe:
        faces = pipe.find_faces(photo)
    assert len(faces) == 1
    shift = np.float32([[1, 0, 4], [0, 1, -3]])
    moved_gray = cv2.warpAffine(gray, shift, gray.shape[::-1], borderMode=cv2.BORDER_REPLICATE)
    moved = track_faces(gray, moved_gray, faces, TrackingPolicy().max_error)
    assert moved is not None and len(moved) == 1
    delta = moved[0].keypoints[:4] - faces[0].keypoints[:4]
    assert np.allclose(delta, [4, -3], atol=0.5), delta
    (x, y, w, h), (x2, y2, w2, h2) = faces[0].box, moved[0].box
    assert abs(x2 - x - 4) <= 1 and abs(y2 - y + 3) <= 1 and abs(w2 - w) <= 1 and abs(h2 - h) <= 1
    assert moved[0].score == faces[0].score


def test_analyze_cli_detect_every_frame_flag(tmp_path: Path) -> None:
    outputs = {}
    for name, extra in (("tracked", []), ("detected", ["--detect-every-frame"])):
        out = tmp_path / f"{name}.json"
        result = subprocess.run(
            [sys.executable, "-m", "companion", "analyze", str(VIDEO), "--out", str(out), *extra],
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stderr
        outputs[name] = json.loads(out.read_text())
    tracked, detected = outputs["tracked"], outputs["detected"]
    assert tracked["analysed_frames"] == detected["analysed_frames"] == 115
    for a, b in zip(tracked["frames"], detected["frames"]):
        assert len(a["faces"]) == len(b["faces"]) == 1
        box_a, box_b = np.array(a["faces"][0]["box"]), np.array(b["faces"][0]["box"])
        assert np.abs(box_a - box_b).max() <= 0.25 * box_b[2]
