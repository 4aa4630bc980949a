"""The vision pipeline on real faces with the shipped models."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from companion.errors import UserError
from companion.vision import (
    EMOTIONS,
    EmotionClassifier,
    Face,
    FaceDetector,
    FacePipeline,
    VideoFileSource,
    align_face,
    load_image,
)

SHARED = Path(__file__).resolve().parents[2] / "shared"
PHOTO = SHARED / "media" / "face_photo.jpg"
VIDEO = SHARED / "media" / "talking_face.mp4"


@pytest.fixture(scope="module")
def pipeline():
    with FacePipeline() as pipe:
        yield pipe


def _grace_hopper() -> np.ndarray:
    import matplotlib

    path = Path(matplotlib.get_data_path()) / "sample_data" / "grace_hopper.jpg"
    return load_image(path)


def _astronaut() -> np.ndarray:
    from skimage import data

    return cv2.cvtColor(data.astronaut(), cv2.COLOR_RGB2BGR)


def test_emotions_constant() -> None:
    assert EMOTIONS == ("angry", "disgust", "fear", "happy", "sad", "surprise", "neutral")


@pytest.mark.parametrize("name", ["photo", "astronaut", "grace_hopper"])
def test_one_face_found_in_real_photos(pipeline: FacePipeline, name: str) -> None:
    image = {
        "photo": lambda: load_image(PHOTO),
        "astronaut": _astronaut,
        "grace_hopper": _grace_hopper,
    }[name]()
    results = pipeline.analyze(image)
    assert len(results) == 1
    face = results[0]
    x, y, w, h = face.box
    assert face.score > 0.7
    assert x >= 0 and y >= 0 and x + w <= image.shape[1] and y + h <= image.shape[0]
    assert w * h > 0.02 * image.shape[0] * image.shape[1]
    assert face.probs.shape == (7,)
    assert face.probs.sum() == pytest.approx(1.0, abs=1e-4)


def test_smiling_photo_reads_happy(pipeline: FacePipeline) -> None:
    (face,) = pipeline.analyze(load_image(PHOTO))
    assert face.dominant == "happy"


def test_blank_frame_has_no_face(pipeline: FacePipeline) -> None:
    assert pipeline.analyze(np.full((480, 640, 3), 127, np.uint8)) == []


def test_talking_face_video_faces_in_most_frames(pipeline: FacePipeline) -> None:
    found = analysed = 0
    with VideoFileSource(VIDEO) as source:
        while (frame := source.read()) is not None:
            if frame.index % 5:
                continue
            analysed += 1
            found += len(pipeline.analyze(frame.image)) == 1
    assert analysed == 23
    assert found >= 0.9 * analysed


def test_classifier_accepts_any_crop_shape() -> None:
    classifier = EmotionClassifier()
    rng = np.random.default_rng(1)
    crops = [
        rng.integers(0, 256, (48, 48), dtype=np.uint8),
        rng.integers(0, 256, (200, 180, 3), dtype=np.uint8),
        rng.integers(0, 256, (20, 20), dtype=np.uint8),
    ]
    probs = classifier.predict(crops)
    assert probs.shape == (3, 7) and probs.dtype == np.float32
    assert np.allclose(probs.sum(axis=1), 1.0, atol=1e-4)
    assert classifier.predict([]).shape == (0, 7)


def test_classifier_reports_missing_model(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="emotion model not found"):
        EmotionClassifier(tmp_path / "none.onnx")


def test_classifier_reports_corrupt_model(tmp_path: Path) -> None:
    model = tmp_path / "emotion.onnx"
    model.write_bytes(b"not an onnx graph")
    sidecar = Path(__file__).resolve().parents[1] / "models" / "emotion.json"
    (tmp_path / "emotion.json").write_text(sidecar.read_text())
    with pytest.raises(UserError, match="could not be loaded"):
        EmotionClassifier(model)


def test_detector_reports_missing_model(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="face model not found"):
        FaceDetector(tmp_path / "none.tflite")


def test_webcam_crop_matches_training_framing(pipeline: FacePipeline) -> None:
    """The crop fed to the model looks like a FER2013 face: 48x48 gray, eyes where FER puts them.

    We re-detect the face inside the (upscaled) crop and compare its eye keypoints to the
    framing measured on FER2013, and check a hand-aligned crop gets the same class.
    """
    image = load_image(PHOTO)
    (face,) = pipeline.detector.detect(image)
    (crop,) = pipeline.crops(image, [face])
    assert crop.shape == (48, 48) and crop.dtype == np.uint8

    framing = pipeline.classifier.framing
    big = cv2.copyMakeBorder(cv2.resize(crop, (192, 192)), 48, 48, 48, 48, cv2.BORDER_REPLICATE)
    (again,) = pipeline.detector.detect(cv2.cvtColor(big, cv2.COLOR_GRAY2BGR))
    eyes = (again.keypoints[:2] - 48) / 192
    assert np.allclose(eyes.mean(axis=0), framing.eye_center, atol=0.05)
    assert np.linalg.norm(eyes[1] - eyes[0]) == pytest.approx(framing.eye_distance, abs=0.05)

    # Eye centres picked by hand on the photo (pupils at about (150, 160) and (222, 160)).
    hand = Face(face.box, 1.0, np.array([[150, 160], [222, 160]], dtype=np.float32))
    hand_crop = align_face(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY), hand, framing)
    probs = pipeline.classifier.predict([crop, hand_crop])
    assert probs[0].argmax() == probs[1].argmax() == EMOTIONS.index("happy")
    assert np.abs(crop.astype(int) - hand_crop.astype(int)).mean() < 25
