"""Build test videos from FER2013 faces: each face held ~2 s, upscaled, centred in a 640x480 frame.

Why: the watcher's end-to-end tests need long videos of one sustained expression with
known labels. FER2013's faces are 48x48 crops, too small and too tight for BlazeFace, so
each is upscaled (~200 px) and placed on a plain grey background. Faces are taken in
dataset order (the first N with the label), not picked by how the model reads them.
Usage: python tools/make_fer_video.py sad out.mp4 [--seconds 90] [--split PublicTest]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import cv2
import numpy as np

REPO_ROOT = Path(__file__).resolve().parent.parent
FER_DIR = REPO_ROOT.parent / "shared" / "datasets" / "fer2013"
FRAME_SIZE = (640, 480)  # width, height
FACE_PX = 200
BACKGROUND = 128
FPS = 10.0
HOLD_S = 2.0


def fer_path(split: str = "PublicTest") -> Path:
    return FER_DIR / f"fer2013_{split}.npz"


def load_faces(label: str, count: int, split: str = "PublicTest") -> np.ndarray:
    """The first `count` faces of `split` labelled `label`, as (count, 48, 48) uint8."""
    data = np.load(fer_path(split))
    classes = [str(c) for c in data["classes"]]
    if label not in classes:
        raise ValueError(f"unknown label {label!r}; one of {', '.join(classes)}")
    chosen = np.flatnonzero(data["labels"] == classes.index(label))[:count]
    if len(chosen) < count:
        raise ValueError(f"only {len(chosen)} {label} faces in {split}")
    return data["images"][chosen]


def place_face(face: np.ndarray, size: tuple[int, int] = FRAME_SIZE, face_px: int = FACE_PX):
    """A BGR frame of `size` with the 48x48 face upscaled to face_px, centred on plain grey."""
    width, height = size
    big = cv2.resize(face, (face_px, face_px), interpolation=cv2.INTER_CUBIC)
    frame = np.full((height, width), BACKGROUND, dtype=np.uint8)
    x0, y0 = (width - face_px) // 2, (height - face_px) // 2
    frame[y0 : y0 + face_px, x0 : x0 + face_px] = big
    return cv2.cvtColor(frame, cv2.COLOR_GRAY2BGR)


def write_video(path: Path, faces: np.ndarray, fps: float = FPS, hold_s: float = HOLD_S) -> Path:
    """Write an mp4 (mp4v) holding each face for hold_s seconds; returns the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.stem}.partial{path.suffix}")
    writer = cv2.VideoWriter(str(tmp), cv2.VideoWriter_fourcc(*"mp4v"), fps, FRAME_SIZE)
    if not writer.isOpened():
        raise RuntimeError(f"cannot write {tmp} (no mp4v encoder in this OpenCV?)")
    per_face = max(1, round(fps * hold_s))
    try:
        for face in faces:
            frame = place_face(face)
            for _ in range(per_face):
                writer.write(frame)
    finally:
        writer.release()
    tmp.replace(path)  # whole videos only: a concurrent reader never sees half a file
    return path


def make_video(path: Path, label: str, seconds: float = 90.0, split: str = "PublicTest") -> Path:
    """`seconds` of the first FER2013 faces labelled `label`, each held HOLD_S at FPS."""
    count = max(1, round(seconds / HOLD_S))
    return write_video(path, load_faces(label, count, split))


def cached_video(folder: Path, label: str, seconds: float = 90.0) -> Path:
    """make_video into `folder` unless it is already there (tests share one per session)."""
    path = Path(folder) / f"fer_{label}_{seconds:g}s.mp4"
    return path if path.exists() else make_video(path, label, seconds)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("label", help="angry, disgust, fear, happy, sad, surprise or neutral")
    parser.add_argument("out", type=Path, help="the .mp4 to write")
    parser.add_argument("--seconds", type=float, default=90.0)
    parser.add_argument("--split", default="PublicTest", choices=("PublicTest", "Training"))
    args = parser.parse_args(argv)
    try:
        path = make_video(args.out, args.label, args.seconds, args.split)
    except (ValueError, OSError, RuntimeError) as exc:
        print(f"make_fer_video: error: {exc}", file=sys.stderr)
        return 2
    print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
