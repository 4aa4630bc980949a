"""Frame sources: every bad input becomes a UserError with one line; odd valid images load."""

from __future__ import annotations

import os
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image

from companion.errors import UserError
from companion.vision import CameraSource, ImageSource, VideoFileSource, load_image, open_source

SHARED = Path(__file__).resolve().parents[2] / "shared"
VIDEO = SHARED / "media" / "talking_face.mp4"


def _expect_user_error(spec: object, fragment: str) -> None:
    with pytest.raises(UserError) as info:
        open_source(spec)  # type: ignore[arg-type]
    message = str(info.value)
    assert fragment in message
    assert "\n" not in message


def test_missing_path(tmp_path: Path) -> None:
    _expect_user_error(tmp_path / "nope.jpg", "no such file")


def test_directory(tmp_path: Path) -> None:
    _expect_user_error(tmp_path, "is a directory")


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.jpg"
    path.touch()
    _expect_user_error(path, "empty")


def test_text_named_jpg(tmp_path: Path) -> None:
    path = tmp_path / "notes.jpg"
    path.write_text("this is not a picture\n")
    _expect_user_error(path, "not a readable image")


def test_random_bytes_named_png(tmp_path: Path) -> None:
    path = tmp_path / "noise.png"
    path.write_bytes(np.random.default_rng(0).integers(0, 256, 5000, dtype=np.uint8).tobytes())
    _expect_user_error(path, "not a readable image")


def test_unknown_extension(tmp_path: Path) -> None:
    path = tmp_path / "face.xyz"
    path.write_bytes(b"data")
    _expect_user_error(path, "unknown file type")


def test_video_holding_only_its_header(tmp_path: Path) -> None:
    path = tmp_path / "header.mp4"
    path.write_bytes(VIDEO.read_bytes()[:2000])
    _expect_user_error(path, str(path))


def test_video_cut_short_reads_what_is_there(tmp_path: Path) -> None:
    """Half a file: either refused with one line or read up to the cut, never a crash."""
    path = tmp_path / "half.mp4"
    path.write_bytes(VIDEO.read_bytes()[: VIDEO.stat().st_size // 2])
    try:
        source = open_source(path)
    except UserError as exc:
        assert "\n" not in str(exc)
        return
    with source:
        frames = 0
        while source.read() is not None:
            frames += 1
    assert 0 < frames < 115


def test_real_video_clock_and_skip() -> None:
    with VideoFileSource(VIDEO) as source:
        assert source.fps == pytest.approx(24.7, abs=0.5)
        first = source.read()
        assert first is not None and first.image.shape == (336, 596, 3)
        assert source.skip() and source.skip()
        third = source.read()
        assert third is not None and third.index == 3
        assert third.t == pytest.approx(3 / source.fps)


def test_sixteen_bit_grayscale_png(tmp_path: Path) -> None:
    gray = cv2.imread(str(SHARED / "media" / "face_photo.jpg"), cv2.IMREAD_GRAYSCALE)
    path = tmp_path / "deep.png"
    cv2.imwrite(str(path), gray.astype(np.uint16) * 257)
    assert Image.open(path).mode.startswith("I")
    image = load_image(path)
    assert image.shape == (*gray.shape, 3) and image.dtype == np.uint8
    assert np.abs(image[:, :, 0].astype(int) - gray).max() <= 1


def test_rgba_png(tmp_path: Path) -> None:
    path = tmp_path / "alpha.png"
    Image.open(SHARED / "media" / "face_photo.jpg").convert("RGBA").save(path)
    image = ImageSource(path).image
    assert image.shape[2] == 3


def test_huge_jpeg_loads(tmp_path: Path) -> None:
    path = tmp_path / "huge.jpg"
    Image.new("RGB", (8000, 8000), (90, 120, 150)).save(path, quality=50)
    image = load_image(path)
    assert image.shape == (8000, 8000, 3)


def test_absurd_dimensions_refused(tmp_path: Path) -> None:
    path = tmp_path / "giant.png"
    Image.new("L", (12000, 12000)).save(path)
    with pytest.raises(UserError, match="megapixels"):
        load_image(path)


def test_missing_camera() -> None:
    # No camera exists on the CI machine; index 57 is absent on ordinary machines too.
    if os.path.exists("/dev/video57"):
        pytest.skip("a /dev/video57 exists here")
    with pytest.raises(UserError, match="camera 57 is not available"):
        CameraSource(57)
