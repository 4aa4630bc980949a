"""Crop a detected face the way FER2013 frames its faces: level eyes, same place, same scale.

Why: the emotion model was trained on FER2013's 48x48 crops; a webcam face cropped
differently (loose box, tilted head) reads as a different expression. The framing numbers
come from tools/measure_fer_framing.py (BlazeFace eye keypoints on 1,725 FER2013 faces)
and can be overridden by the model's sidecar ("framing") when a new model is framed
differently.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from companion.vision.detector import Face


@dataclass(frozen=True)
class Framing:
    """Eye geometry as fractions of the crop side: where the eye midpoint sits, how far apart."""

    eye_center: tuple[float, float] = (0.504, 0.392)
    eye_distance: float = 0.359
    size: int = 48


def to_gray(image: np.ndarray) -> np.ndarray:
    """uint8 grayscale from grayscale, BGR or BGRA input."""
    if image.ndim == 2:
        return image
    if image.ndim == 3 and image.shape[2] == 1:
        return image[:, :, 0]
    if image.ndim == 3 and image.shape[2] == 4:
        return cv2.cvtColor(image, cv2.COLOR_BGRA2GRAY)
    if image.ndim == 3 and image.shape[2] == 3:
        return cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    raise ValueError(f"expected a grayscale or BGR image, got shape {image.shape}")


def align_face(gray: np.ndarray, face: Face, framing: Framing = Framing()) -> np.ndarray:
    """A framing.size x framing.size grayscale crop with the eyes where FER2013 puts them.

    One affine warp does rotation, scale and translation; borders replicate the edge so a
    face near the frame edge still gets a full crop.
    """
    right_eye, left_eye = face.keypoints[0], face.keypoints[1]
    dx, dy = float(left_eye[0] - right_eye[0]), float(left_eye[1] - right_eye[1])
    eye_distance = max(np.hypot(dx, dy), 1e-3)
    scale = framing.eye_distance * framing.size / eye_distance
    angle = np.degrees(np.arctan2(dy, dx))
    midpoint = ((right_eye[0] + left_eye[0]) / 2.0, (right_eye[1] + left_eye[1]) / 2.0)
    matrix = cv2.getRotationMatrix2D((float(midpoint[0]), float(midpoint[1])), angle, scale)
    matrix[0, 2] += framing.eye_center[0] * framing.size - midpoint[0]
    matrix[1, 2] += framing.eye_center[1] * framing.size - midpoint[1]
    interpolation = cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR
    return cv2.warpAffine(
        gray,
        matrix,
        (framing.size, framing.size),
        flags=interpolation,
        borderMode=cv2.BORDER_REPLICATE,
    )
