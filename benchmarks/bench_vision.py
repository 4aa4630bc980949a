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

from companion.vision import EmotionClassifier, FacePipeline, VideoFileSource  # noqa: E402
from companion.vision.classifier import EMOTION_MODEL  # noqa: E402
from companion.vision.tracker import TrackingPolicy  # noqa: E402

DEFAULT_VIDEO = REPO.parent / "shared" / "media" / "talking_face.mp4"
FER_CPU_MS_PER_FRAME = 37.0  # issue 2's figure for FER().detect_emotions on this video


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def run_mode(
    video: Path, repeat: int, tracking: TrackingPolicy | None, model: Path = EMOTION_MODEL
) -> dict[str, object]:
    """Every frame of the video, `repeat` times: per-stage wall ms, CPU ms per frame, counts."""
    stages: dict[str, list[float]] = {"decode": [], "find faces": [], "align + classify": []}
    with FacePipeline(classifier=EmotionClassifier(model), tracking=tracking) as pipeline:
        pipeline.analyze(VideoFileSource(video).read().image)  # warm-up
        pipeline.detections = 0
        cpu_start = time.process_time()
        frames = faces = 0
        for _ in range(repeat):
            pipeline._last = None  # each pass starts like a new video
            with VideoFileSource(video) as source:
                while True:
                    t0 = time.perf_counter()
                    frame = source.read()
                    t1 = time.perf_counter()
                    if frame is None:
                        break
                    found = pipeline.find_faces(frame.image, frame.t)
                    t2 = time.perf_counter()
                    if found:
                        pipeline.classifier.predict(pipeline.crops(frame.image, found))
                    t3 = time.perf_counter()
                    stages["decode"].append((t1 - t0) * 1000)
                    stages["find faces"].append((t2 - t1) * 1000)
                    stages["align + classify"].append((t3 - t2) * 1000)
                    frames += 1
                    faces += len(found)
        cpu = time.process_time() - cpu_start
        detections = pipeline.detections
    return {
        "stages": stages,
        "frames": frames,
        "faces": faces,
        "detections": detections,
        "cpu_ms": cpu / frames * 1000,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("video", nargs="?", type=Path, default=DEFAULT_VIDEO)
    parser.add_argument("--repeat", type=int, default=3, help="passes over the video")
    parser.add_argument(
        "--model", type=Path, default=EMOTION_MODEL, help="emotion ONNX model (sidecar beside it)"
    )
    args = parser.parse_args()

    modes = {
        "detect every frame": run_mode(args.video, args.repeat, None, args.model),
        "track between detections (default)": run_mode(
            args.video, args.repeat, TrackingPolicy(), args.model
        ),
    }
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"video: {args.video.name}, {args.repeat} passes, model {args.model}")
    for name, result in modes.items():
        stages = result["stages"]
        cpu_ms = float(result["cpu_ms"])
        print(
            f"\n{name}: {result['frames']} frames, {result['faces']} faces, "
            f"{result['detections']} detector calls"
        )
        print("| stage | median ms | p95 ms |")
        print("|---|---|---|")
        for stage, values in stages.items():  # type: ignore[union-attr]
            print(f"| {stage} | {statistics.median(values):.2f} | {percentile(values, 0.95):.2f} |")
        print(f"| CPU per frame (all threads) | {cpu_ms:.2f} | |")
        print(f"frames per CPU-second: {1000 / cpu_ms:.1f}")
        print(
            f"vs fer's ~{FER_CPU_MS_PER_FRAME:.0f} ms CPU/frame: "
            f"{FER_CPU_MS_PER_FRAME / cpu_ms:.1f}x less"
        )
    print(f"\npeak RSS (both modes, one process): {peak_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
