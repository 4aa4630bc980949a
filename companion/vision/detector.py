"""Face detection with MediaPipe Tasks' BlazeFace short-range model (shipped in models/).

Why BlazeFace: ~3 ms per frame on one CPU core and it returns eye keypoints, which the
aligner needs to frame faces the way the emotion model was trained.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

import cv2
import numpy as np

from companion.errors import UserError
from companion.paths import MODELS_DIR

FACE_MODEL = MODELS_DIR / "face_detection_short_range.tflite"


@contextlib.contextmanager
def native_stderr_silenced() -> Iterator[None]:
    """Mute C++ INFO/WARNING lines LiteRT prints straight to fd 2 while it starts.

    No environment variable silences them in current mediapipe, and a CLI user should see
    one-line messages, not library chatter. With COMPANION_DEBUG=1 nothing is muted.
    """
    if os.environ.get("COMPANION_DEBUG"):
        yield
        return
    sys.stderr.flush()
    saved = os.dup(2)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


@dataclass(frozen=True)
class Face:
    """One detected face in pixel coordinates of the frame it came from.

    keypoints: (6, 2) array in MediaPipe's order: the person's right eye, left eye,
    nose tip, mouth centre, right ear tragion, left ear tragion.
    """

    box: tuple[int, int, int, int]
    score: float
    keypoints: np.ndarray

    @property
    def area(self) -> int:
        return self.box[2] * self.box[3]


class FaceDetector:
    """Finds faces in BGR frames; use as a context manager or call close().

    min_score 0.6: on the talking-face test video BlazeFace's false positives (background,
    shoulders) score 0.50-0.53 while real faces score above 0.85.
    """

    def __init__(self, model_path: Path = FACE_MODEL, min_score: float = 0.6) -> None:
        if not Path(model_path).is_file():
            raise UserError(
                f"face model not found at {model_path}; run tools/extract_face_model.py", 3
            )
        os.environ.setdefault("GLOG_minloglevel", "2")
        from mediapipe.tasks.python import BaseOptions, vision  # heavy: import on first use

        options = vision.FaceDetectorOptions(
            base_options=BaseOptions(model_asset_path=str(model_path)),
            running_mode=vision.RunningMode.IMAGE,
            min_detection_confidence=min_score,
        )
        try:
            with native_stderr_silenced():
                self._detector = vision.FaceDetector.create_from_options(options)
        except (RuntimeError, ValueError) as exc:
            raise UserError(f"face model {model_path} could not be loaded: {exc}", 3) from None
        self._min_score = min_score
        self._warmed_up = False

    def detect(self, frame_bgr: np.ndarray) -> list[Face]:
        """Faces in the frame, largest first."""
        import mediapipe as mp

        height, width = frame_bgr.shape[:2]
        rgb = np.ascontiguousarray(cv2.cvtColor(frame_bgr, cv2.COLOR_BGR2RGB))
        image = mp.Image(image_format=mp.ImageFormat.SRGB, data=rgb)
        if self._warmed_up:
            result = self._detector.detect(image)
        else:
            with native_stderr_silenced():  # LiteRT warns once on its first inference
                result = self._detector.detect(image)
            self._warmed_up = True
        faces = []
        for detection in result.detections:
            score = float(detection.categories[0].score) if detection.categories else 0.0
            if score < self._min_score:
                continue
            bb = detection.bounding_box
            x0, y0 = max(0, bb.origin_x), max(0, bb.origin_y)
            x1, y1 = min(width, bb.origin_x + bb.width), min(height, bb.origin_y + bb.height)
            if x1 <= x0 or y1 <= y0:
                continue
            keypoints = np.array(
                [(kp.x * width, kp.y * height) for kp in detection.keypoints], dtype=np.float32
            )
            faces.append(Face((x0, y0, x1 - x0, y1 - y0), score, keypoints))
        faces.sort(key=lambda f: f.area, reverse=True)
        return faces

    def close(self) -> None:
        detector, self._detector = getattr(self, "_detector", None), None
        if detector is not None:
            with native_stderr_silenced():
                detector.close()

    def __enter__(self) -> FaceDetector:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __del__(self) -> None:
        # At interpreter shutdown mediapipe may already be torn down.
        with contextlib.suppress(Exception):
            self.close()
