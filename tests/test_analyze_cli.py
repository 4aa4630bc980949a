"""`companion analyze` end to end, in a subprocess like a user runs it."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from companion.vision import EMOTIONS

SHARED = Path(__file__).resolve().parents[2] / "shared"
PHOTO = SHARED / "media" / "face_photo.jpg"
VIDEO = SHARED / "media" / "talking_face.mp4"


def companion(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "companion", *args],
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_image_json() -> None:
    result = companion("analyze", str(PHOTO))
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["kind"] == "image"
    (face,) = report["faces"]
    assert len(face["box"]) == 4 and face["score"] > 0.7
    assert list(face["emotions"]) == list(EMOTIONS)
    assert sum(face["emotions"].values()) == pytest.approx(1.0, abs=1e-3)


def test_video_json_and_csv_agree(tmp_path: Path) -> None:
    out_json, out_csv = tmp_path / "a.json", tmp_path / "a.csv"
    first = companion("analyze", str(VIDEO), "--fps", "5", "--out", str(out_json))
    second = companion(
        "analyze", str(VIDEO), "--fps", "5", "--format", "csv", "--out", str(out_csv)
    )
    assert first.returncode == 0 and second.returncode == 0, first.stderr + second.stderr
    assert first.stderr == "" and first.stdout == ""  # no progress bar when not a terminal
    report = json.loads(out_json.read_text())
    frames = report["frames"]
    # 115 frames at 24.7 fps sampled at 5 fps: about every 5th frame.
    assert 22 <= len(frames) <= 25
    assert frames[1]["frame"] - frames[0]["frame"] in (4, 5)
    assert frames[3]["time"] == pytest.approx(frames[3]["frame"] / report["fps"], abs=1e-3)
    rows = list(csv.DictReader(io.StringIO(out_csv.read_text())))
    json_faces = [(f["frame"], face) for f in frames for face in f["faces"]]
    assert len(rows) == len(json_faces) >= 20
    for row, (frame_index, face) in zip(rows, json_faces):
        assert int(row["frame"]) == frame_index
        assert [int(row[k]) for k in "xywh"] == face["box"]
        assert row["dominant"] == face["dominant"]
        for name in EMOTIONS:
            assert float(row[name]) == pytest.approx(face["emotions"][name], abs=1e-4)


def test_no_face_gives_empty_list(tmp_path: Path) -> None:
    blank = tmp_path / "wall.png"
    Image.fromarray(np.full((240, 320, 3), 200, np.uint8)).save(blank)
    result = companion("analyze", str(blank))
    assert result.returncode == 0
    assert json.loads(result.stdout)["faces"] == []


def _bad_inputs(tmp_path: Path) -> dict[str, Path]:
    text = tmp_path / "text.jpg"
    text.write_text("hello")
    noise = tmp_path / "noise.png"
    noise.write_bytes(np.random.default_rng(0).bytes(4096))
    empty = tmp_path / "empty.png"
    empty.touch()
    unknown = tmp_path / "face.doc"
    unknown.write_bytes(b"x")
    header = tmp_path / "header.mp4"
    header.write_bytes(VIDEO.read_bytes()[:1500])
    return {
        "missing": tmp_path / "missing.jpg",
        "directory": tmp_path,
        "empty": empty,
        "text": text,
        "noise": noise,
        "unknown": unknown,
        "header": header,
    }


@pytest.mark.parametrize(
    "case", ["missing", "directory", "empty", "text", "noise", "unknown", "header"]
)
def test_bad_input_one_line_error(tmp_path: Path, case: str) -> None:
    path = _bad_inputs(tmp_path)[case]
    result = companion("analyze", str(path))
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("companion: error:"), result.stderr
    assert "Traceback" not in result.stderr


def test_bad_fps() -> None:
    result = companion("analyze", str(PHOTO), "--fps", "0")
    assert result.returncode == 2 and "--fps" in result.stderr


def _run_in_terminal(*args: str) -> str:
    """Run companion with stderr on a pseudo-terminal (80x24) and return what it showed."""
    import fcntl
    import os
    import pty
    import struct
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    process = subprocess.Popen(
        [sys.executable, "-m", "companion", *args],
        stdin=follower,
        stdout=subprocess.DEVNULL,
        stderr=follower,
    )
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    assert process.wait(timeout=120) == 0
    return shown.decode(errors="replace")


def test_progress_bar_in_a_terminal_only_without_quiet(tmp_path: Path) -> None:
    shown = _run_in_terminal("analyze", str(VIDEO), "--out", str(tmp_path / "a.json"))
    assert "115/115" in shown and "frame/s" in shown
    quiet = _run_in_terminal("analyze", str(VIDEO), "--quiet", "--out", str(tmp_path / "b.json"))
    assert "frame/s" not in quiet and "115" not in quiet
