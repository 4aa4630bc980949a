"""Facial-expression classifier: an ONNX model plus its sidecar, run with onnxruntime.

Why a sidecar (models/emotion.json): labels, input size and framing travel with the model,
so a retrained or replaced model drops in with no code change. Single-threaded by default
because the app runs all day next to the user's work: one core, a few ms per face.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from companion.errors import UserError
from companion.paths import MODELS_DIR
from companion.vision.align import Framing, to_gray

EMOTIONS: tuple[str, ...] = ("angry", "disgust", "fear", "happy", "sad", "surprise", "neutral")
EMOTION_MODEL = MODELS_DIR / "emotion.onnx"


@dataclass(frozen=True)
class ModelSpec:
    """What the sidecar says about the model's input and output."""

    labels: tuple[str, ...]
    input_name: str
    output_name: str
    size: tuple[int, int]
    framing: Framing

    @classmethod
    def load(cls, sidecar: Path) -> ModelSpec:
        try:
            meta = json.loads(sidecar.read_text(encoding="utf-8"))
            labels = tuple(meta["labels"])
            width, height = meta["input"]["size"]
            framing_meta = meta.get("framing", {})
            framing = Framing(
                eye_center=tuple(framing_meta.get("eye_center", Framing.eye_center)),
                eye_distance=float(framing_meta.get("eye_distance", Framing.eye_distance)),
                size=int(width),
            )
            return cls(
                labels=labels,
                input_name=meta["input"].get("name", "input"),
                output_name=meta.get("output", {}).get("name", "probs"),
                size=(int(width), int(height)),
                framing=framing,
            )
        except FileNotFoundError:
            raise UserError(f"emotion model sidecar not found: {sidecar}", 3) from None
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise UserError(f"emotion model sidecar {sidecar} is invalid: {exc}", 3) from None


class EmotionClassifier:
    """Seven expression probabilities per face crop, in EMOTIONS order."""

    def __init__(self, model_path: Path = EMOTION_MODEL, threads: int = 1) -> None:
        model_path = Path(model_path)
        if not model_path.is_file():
            raise UserError(f"emotion model not found at {model_path}", 3)
        self.spec = ModelSpec.load(model_path.with_suffix(".json"))
        if sorted(self.spec.labels) != sorted(EMOTIONS):
            raise UserError(f"emotion model labels {self.spec.labels} are not {EMOTIONS}", 3)
        # Reorder the model's outputs into EMOTIONS order once, here, not per call.
        self._order = np.array([self.spec.labels.index(name) for name in EMOTIONS])
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.log_severity_level = 3
        try:
            self._session = ort.InferenceSession(
                str(model_path), options, providers=["CPUExecutionProvider"]
            )
        except Exception as exc:  # onnxruntime raises its own untyped errors
            raise UserError(f"emotion model {model_path} could not be loaded: {exc}", 3) from None

    @property
    def framing(self) -> Framing:
        return self.spec.framing

    def predict(self, faces: list[np.ndarray]) -> np.ndarray:
        """(N, 7) float32 probabilities for N face crops (uint8 gray HxW or BGR HxWx3)."""
        if len(faces) == 0:
            return np.zeros((0, len(EMOTIONS)), dtype=np.float32)
        width, height = self.spec.size
        batch = np.empty((len(faces), 1, height, width), dtype=np.float32)
        for i, face in enumerate(faces):
            gray = to_gray(np.asarray(face))
            if gray.shape != (height, width):
                interpolation = cv2.INTER_AREA if gray.shape[0] > height else cv2.INTER_LINEAR
                gray = cv2.resize(gray, (width, height), interpolation=interpolation)
            batch[i, 0] = gray
        (probs,) = self._session.run([self.spec.output_name], {self.spec.input_name: batch})
        probs = np.asarray(probs, dtype=np.float32)[:, self._order]
        return probs / probs.sum(axis=1, keepdims=True)
