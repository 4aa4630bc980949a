"""CPU per frame of the `fer` library's default pipeline on a video: the 10x reference of issue 2.

fer needs TensorFlow, which companion never installs, so this runs in a separate venv:

    python3 -m venv /tmp/ferenv && /tmp/ferenv/bin/pip install fer==22.4.0 tensorflow-cpu pandas
    /tmp/ferenv/bin/python benchmarks/bench_fer_reference.py [VIDEO] [--repeat N]

(fer 25.10.3, the latest, also runs here: install it with --no-deps, then tensorflow-cpu,
opencv-contrib-python, pandas, moviepy, ffmpeg-python, "setuptools<70" and facenet-pytorch
--no-deps with torch==2.13.0; its own pins ask for a multi-GB CUDA torch.)

Run it next to `benchmarks/bench_vision.py` (alternately, see the README) so both are
measured in the same state of this shared machine: only their ratio is meaningful.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

DEFAULT_VIDEO = Path(__file__).resolve().parents[2] / "shared" / "media" / "talking_face.mp4"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("video", nargs="?", type=Path, default=DEFAULT_VIDEO)
    parser.add_argument("--repeat", type=int, default=2, help="passes over the video")
    parser.add_argument(
        "--threads", type=int, default=0, help="TensorFlow threads (0: its default, all cores)"
    )
    args = parser.parse_args()
    import cv2
    import tensorflow as tf

    try:
        from fer import FER
    except ImportError:  # fer >= 25 moved the class
        from fer.fer import FER

    if args.threads:
        tf.config.threading.set_intra_op_parallelism_threads(args.threads)
        tf.config.threading.set_inter_op_parallelism_threads(args.threads)

    detector = FER()  # the default pipeline: Haar cascade + its mini-Xception CNN
    capture = cv2.VideoCapture(str(args.video))
    frames = []
    while True:
        ok, frame = capture.read()
        if not ok:
            break
        frames.append(frame)
    capture.release()
    detector.detect_emotions(frames[0])  # warm-up
    start = time.process_time()
    faces = 0
    for _ in range(args.repeat):
        for frame in frames:
            faces += len(detector.detect_emotions(frame))
    cpu_ms = (time.process_time() - start) / (len(frames) * args.repeat) * 1000
    print(f"fer: {len(frames) * args.repeat} frames, {faces} faces")
    threads = args.threads or "default"
    print(f"fer CPU per frame (TF threads: {threads}; decode excluded): {cpu_ms:.2f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
