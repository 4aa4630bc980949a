"""Detect, align and classify: one call from a BGR frame to per-face emotion probabilities."""

from __future__ import annotations

from dataclasses import dataclass
from types import TracebackType
from typing import Any

import numpy as np

from companion.vision.align import align_face, to_gray
from companion.vision.classifier import EMOTIONS, EmotionClassifier
from companion.vision.detector import Face, FaceDetector


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
    """Owns one detector and one classifier; use as a context manager or call close()."""

    def __init__(
        self,
        detector: FaceDetector | None = None,
        classifier: EmotionClassifier | None = None,
        max_faces: int | None = None,
    ) -> None:
        self.classifier = classifier or EmotionClassifier()
        self.detector = detector or FaceDetector()
        self.max_faces = max_faces

    def crops(self, image_bgr: np.ndarray, faces: list[Face]) -> list[np.ndarray]:
        """Aligned grayscale crops, framed like the model's training faces."""
        gray = to_gray(image_bgr)
        return [align_face(gray, face, self.classifier.framing) for face in faces]

    def analyze(self, image_bgr: np.ndarray) -> list[FaceResult]:
        """Every face in the frame (largest first, at most max_faces) with its emotions."""
        faces = self.detector.detect(image_bgr)[: self.max_faces]
        if not faces:
            return []
        probs = self.classifier.predict(self.crops(image_bgr, faces))
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
