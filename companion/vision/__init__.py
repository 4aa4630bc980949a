"""The app's eyes: frame sources, face detection, alignment and emotion classification.

Stable API used by the rest of the app and by checks outside it:
EMOTIONS, EmotionClassifier().predict(crops) -> (N, 7), FaceDetector, FacePipeline,
open_source(spec) and the Frame/FrameSource types.
"""

from companion.vision.align import Framing, align_face, to_gray
from companion.vision.classifier import EMOTION_MODEL, EMOTIONS, EmotionClassifier
from companion.vision.detector import FACE_MODEL, Face, FaceDetector
from companion.vision.pipeline import FacePipeline, FaceResult
from companion.vision.sources import (
    CameraSource,
    Frame,
    FrameSource,
    ImageSource,
    VideoFileSource,
    load_image,
    open_source,
)

__all__ = [
    "EMOTIONS",
    "EMOTION_MODEL",
    "FACE_MODEL",
    "CameraSource",
    "EmotionClassifier",
    "Face",
    "FaceDetector",
    "FacePipeline",
    "FaceResult",
    "Frame",
    "FrameSource",
    "Framing",
    "ImageSource",
    "VideoFileSource",
    "align_face",
    "load_image",
    "open_source",
    "to_gray",
]
