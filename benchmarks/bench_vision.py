"""Per-stage cost of the vision pipeline on a video: decode, detect, align+classify.

Reports median and p95 wall ms per stage, analysed frames per CPU-second of this
process, and peak RSS. Goal (issue 2): >= 10x fewer CPU-seconds per frame than the `fer`
library's default pipeline (~37 ms CPU/frame on the same 596x336 video here) and peak
RSS < 300 MB (fer: ~820 MB).

Usage: python benchmarks/bench_vision.py [VIDEO] [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("GLOG_minloglevel", "2")
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from companion.vision import FacePipeline, VideoFileSource  # noqa: E402

DEFAULT_VIDEO = REPO.parent / "shared" / "media" / "talking_face.mp4"
FER_CPU_MS_PER_FRAME = 37.0  # issue 2's figure for FER().detect_emotions on this video


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("video", nargs="?", type=Path, default=DEFAULT_VIDEO)
    parser.add_argument("--repeat", type=int, default=3, help="passes over the video")
    args = parser.parse_args()

    stages: dict[str, list[float]] = {"decode": [], "detect": [], "classify": []}
    with FacePipeline() as pipeline:
        pipeline.analyze(VideoFileSource(args.video).read().image)  # warm-up
        cpu_start = time.process_time()
        frames = faces = 0
        for _ in range(args.repeat):
            with VideoFileSource(args.video) as source:
                while True:
                    t0 = time.perf_counter()
                    frame = source.read()
                    t1 = time.perf_counter()
                    if frame is None:
                        break
                    found = pipeline.detector.detect(frame.image)
                    t2 = time.perf_counter()
                    if found:
                        pipeline.classifier.predict(pipeline.crops(frame.image, found))
                    t3 = time.perf_counter()
                    stages["decode"].append((t1 - t0) * 1000)
                    stages["detect"].append((t2 - t1) * 1000)
                    stages["classify"].append((t3 - t2) * 1000)
                    frames += 1
                    faces += len(found)
        cpu = time.process_time() - cpu_start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    cpu_ms = cpu / frames * 1000
    print(f"video: {args.video.name}, {frames} frames analysed, {faces} faces")
    print("| stage | median ms | p95 ms |")
    print("|---|---|---|")
    for name, values in stages.items():
        print(f"| {name} | {statistics.median(values):.2f} | {percentile(values, 0.95):.2f} |")
    print(f"| CPU per frame (all threads) | {cpu_ms:.2f} | |")
    print(f"frames per CPU-second: {frames / cpu:.1f}")
    print(
        f"vs fer's ~{FER_CPU_MS_PER_FRAME:.0f} ms CPU/frame: "
        f"{FER_CPU_MS_PER_FRAME / cpu_ms:.1f}x less"
    )
    print(f"peak RSS: {peak_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
