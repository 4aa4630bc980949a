"""Frame sources behind one interface: a webcam by index, a video file, an image.

Why one interface: the watcher, `companion analyze` and the tests read frames the same
way and never know where they come from. Every source validates its input up front and
raises UserError with one line a user can act on.
"""

from __future__ import annotations

import os
import time
import warnings
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Protocol

import cv2
import numpy as np

from companion.errors import UserError

IMAGE_EXTENSIONS = frozenset({".jpg", ".jpeg", ".png", ".bmp", ".webp", ".tif", ".tiff", ".gif"})
VIDEO_EXTENSIONS = frozenset({".mp4", ".avi", ".mov", ".mkv", ".webm", ".m4v", ".mpg", ".mpeg"})
MAX_IMAGE_PIXELS = 120_000_000  # ~360 MB as BGR: beyond this we refuse instead of swapping
# FFmpeg (inside OpenCV) prints demuxer complaints straight to stderr; we report bad videos
# ourselves in one line. Read when a capture opens, so setting it here is early enough.
os.environ.setdefault("OPENCV_FFMPEG_LOGLEVEL", "-8")


@dataclass(frozen=True)
class Frame:
    """A BGR uint8 image with its index and time in seconds on the source's clock."""

    image: np.ndarray
    index: int
    t: float


class FrameSource(Protocol):
    """What every source offers. `read` returns None at the end (or when a camera fails)."""

    live: bool

    def read(self) -> Frame | None: ...

    def skip(self) -> bool: ...

    def close(self) -> None: ...


class _Closable:
    def close(self) -> None:  # pragma: no cover - overridden
        pass

    def __enter__(self):
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class ImageSource(_Closable):
    """A still image as a one-frame source. Decoded with Pillow: 16-bit, RGBA, EXIF rotation."""

    live = False

    def __init__(self, path: Path) -> None:
        self.path = path
        self.image = load_image(path)
        self.fps: float | None = None
        self.frame_count = 1
        self._done = False

    def read(self) -> Frame | None:
        if self._done:
            return None
        self._done = True
        return Frame(self.image, 0, 0.0)

    def skip(self) -> bool:
        done, self._done = self._done, True
        return not done


class VideoFileSource(_Closable):
    """A video file, read at its own clock: t = frame index / fps."""

    live = False

    def __init__(self, path: Path) -> None:
        self.path = path
        self._capture = cv2.VideoCapture(str(path))
        if not self._capture.isOpened():
            raise UserError(f"{path}: not a readable video (corrupt, cut short or unsupported)")
        fps = self._capture.get(cv2.CAP_PROP_FPS)
        self.fps = fps if fps and 0 < fps < 1000 else 25.0
        self.frame_count = max(0, int(self._capture.get(cv2.CAP_PROP_FRAME_COUNT)))
        self._index = 0
        self._first: np.ndarray | None = None
        ok, first = self._capture.read()
        if not ok or first is None:
            self._capture.release()
            raise UserError(f"{path}: the video holds no readable frames")
        self._first = first

    def read(self) -> Frame | None:
        if self._first is not None:
            image, self._first = self._first, None
        else:
            ok, image = self._capture.read()
            if not ok or image is None:
                return None
        frame = Frame(image, self._index, self._index / self.fps)
        self._index += 1
        return frame

    def skip(self) -> bool:
        """Advance one frame without decoding it (cheap sampling for --fps)."""
        if self._first is not None:
            self._first = None
        elif not self._capture.grab():
            return False
        self._index += 1
        return True

    def close(self) -> None:
        self._capture.release()


class CameraSource(_Closable):
    """A webcam by index; t is seconds since it opened. Releasing it turns its light off."""

    live = True

    def __init__(self, index: int, width: int = 640, height: int = 480) -> None:
        self.index = index
        self._capture = cv2.VideoCapture(index)
        if not self._capture.isOpened():
            self._capture.release()
            raise UserError(f"camera {index} is not available (missing, or busy in another app)", 3)
        self._capture.set(cv2.CAP_PROP_FRAME_WIDTH, width)
        self._capture.set(cv2.CAP_PROP_FRAME_HEIGHT, height)
        self.fps: float | None = self._capture.get(cv2.CAP_PROP_FPS) or None
        self.frame_count = 0
        self._start = time.monotonic()
        self._index = 0

    def read(self) -> Frame | None:
        ok, image = self._capture.read()
        if not ok or image is None:
            return None
        frame = Frame(image, self._index, time.monotonic() - self._start)
        self._index += 1
        return frame

    def skip(self) -> bool:
        ok = self._capture.grab()
        self._index += ok
        return bool(ok)

    def close(self) -> None:
        self._capture.release()


def load_image(path: Path) -> np.ndarray:
    """Decode any common image into BGR uint8, or raise UserError saying why not."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            # We check the size ourselves below, with a clearer message than Pillow's warning.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            img = Image.open(path)
        with img:
            width, height = img.size
            if width * height > MAX_IMAGE_PIXELS:
                raise UserError(
                    f"{path}: image is {width}x{height}, larger than the "
                    f"{MAX_IMAGE_PIXELS // 1_000_000} megapixels companion handles"
                )
            img = ImageOps.exif_transpose(img)
            if img.mode in ("I;16", "I;16B", "I;16L", "I"):
                array = np.asarray(img, dtype=np.float64)
                peak = array.max() if array.size else 0.0
                scale = 255.0 / (65535.0 if peak > 255 else 255.0)
                gray = np.clip(array * scale, 0, 255).astype(np.uint8)
                return cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR)
            rgb = np.asarray(img.convert("RGB"))
    except UserError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError):
        raise UserError(f"{path}: not a readable image") from None
    except (OSError, ValueError, SyntaxError) as exc:
        raise UserError(f"{path}: not a readable image ({exc})") from None
    return cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR)


def open_source(spec: str | int | Path) -> ImageSource | VideoFileSource | CameraSource:
    """A source from a camera index ("0"), a video path or an image path."""
    if isinstance(spec, int) or (isinstance(spec, str) and spec.strip().isdigit()):
        return CameraSource(int(spec))
    path = Path(spec)
    if not path.exists():
        raise UserError(f"{path}: no such file")
    if path.is_dir():
        raise UserError(f"{path}: is a directory, expected an image or a video file")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise UserError(f"{path}: cannot be read ({exc.strerror})") from None
    if size == 0:
        raise UserError(f"{path}: the file is empty")
    suffix = path.suffix.lower()
    if suffix in IMAGE_EXTENSIONS:
        return ImageSource(path)
    if suffix in VIDEO_EXTENSIONS:
        return VideoFileSource(path)
    known = ", ".join(sorted(IMAGE_EXTENSIONS | VIDEO_EXTENSIONS))
    raise UserError(f"{path}: unknown file type {suffix or '(none)'!r}; expected one of {known}")
