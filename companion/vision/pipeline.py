"""Detect, align and classify: one call from a BGR frame to per-face emotion probabilities.

Given frame times, consecutive frames of a continuous video reuse the last detection, moved
by optical flow (see tracker.py), and re-detect every few frames or when tracking is lost.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import TracebackType
from typing import Any

import numpy as np

from companion.vision.align import align_face, to_gray
from companion.vision.classifier import EMOTIONS, EmotionClassifier
from companion.vision.detector import Face, FaceDetector
from companion.vision.tracker import TrackingPolicy, track_faces

DEFAULT_TRACKING = TrackingPolicy()


@dataclass(frozen=True)
class FaceResult:
    """A face's box [x, y, w, h], detection score and probabilities in EMOTIONS order."""

    box: tuple[int, int, int, int]
    score: float
    probs: np.ndarray

    @property
    def dominant(self) -> str:
        return EMOTIONS[int(np.argmax(self.probs))]

    def to_dict(self) -> dict[str, Any]:
        return {
            "box": [int(v) for v in self.box],
            "score": round(float(self.score), 4),
            "emotions": {name: round(float(p), 4) for name, p in zip(EMOTIONS, self.probs)},
            "dominant": self.dominant,
        }


class FacePipeline:
    """Owns one detector and one classifier; use as a context manager or call close().

    tracking: how consecutive frames may skip detection (None: detect every frame). It only
    applies when `analyze` is given frame times.
    """

    def __init__(
        self,
        detector: FaceDetector | None = None,
        classifier: EmotionClassifier | None = None,
        max_faces: int | None = None,
        tracking: TrackingPolicy | None = DEFAULT_TRACKING,
    ) -> None:
        self.classifier = classifier or EmotionClassifier()
        self.detector = detector or FaceDetector()
        self.max_faces = max_faces
        self.tracking = tracking
        self.detections = 0  # frames that ran the detector
        self.tracked = 0  # frames whose faces came from tracking
        self._last: tuple[np.ndarray, float, list[Face], int] | None = None

    def crops(self, image_bgr: np.ndarray, faces: list[Face]) -> list[np.ndarray]:
        """Aligned grayscale crops, framed like the model's training faces."""
        return self._crops(to_gray(image_bgr), faces)

    def _crops(self, gray: np.ndarray, faces: list[Face]) -> list[np.ndarray]:
        return [align_face(gray, face, self.classifier.framing) for face in faces]

    def find_faces(self, image_bgr: np.ndarray, t: float | None = None) -> list[Face]:
        """Faces in the frame, largest first: tracked from the previous frame when allowed,
        else detected. Without t every frame is detected."""
        return self._find_faces(image_bgr, to_gray(image_bgr), t)

    def _find_faces(self, image_bgr: np.ndarray, gray: np.ndarray, t: float | None) -> list[Face]:
        faces = self._track(gray, t)
        if faces is None:
            faces = self.detector.detect(image_bgr)[: self.max_faces]
            self.detections += 1
            since_detection = 0
        else:
            self.tracked += 1
            since_detection = self._last[3] + 1 if self._last else 0
        self._last = (gray, t, faces, since_detection) if t is not None else None
        return faces

    def _track(self, gray: np.ndarray, t: float | None) -> list[Face] | None:
        """Tracked faces, or None when this frame must be detected."""
        policy, last = self.tracking, self._last
        if policy is None or t is None or last is None:
            return None
        prev_gray, prev_t, prev_faces, since_detection = last
        if (
            not prev_faces  # nothing to follow; a face may have entered
            or since_detection + 1 >= policy.redetect_every
            or not 0 < t - prev_t <= policy.max_gap_s
            or prev_gray.shape != gray.shape
        ):
            return None
        return track_faces(prev_gray, gray, prev_faces, policy.max_error)

    def analyze(self, image_bgr: np.ndarray, t: float | None = None) -> list[FaceResult]:
        """Every face in the frame (largest first, at most max_faces) with its emotions.

        t: the frame's time in seconds; pass it for the frames of one video or camera, in
        order, so that close frames can be tracked instead of detected.
        """
        gray = to_gray(image_bgr)
        faces = self._find_faces(image_bgr, gray, t)
        if not faces:
            return []
        probs = self.classifier.predict(self._crops(gray, faces))
        return [FaceResult(f.box, f.score, p) for f, p in zip(faces, probs)]

    def close(self) -> None:
        self.detector.close()

    def __enter__(self) -> FacePipeline:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
