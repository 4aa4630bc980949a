"""CPU and memory of the always-on watcher at its default settings, on a real-time fake camera.

Why a fake camera: the goal is the watcher's own cost (sleeping between glances, analysing
a few frames a second), measured the same way on any machine. The fake behaves like an
MJPEG webcam at 640x480, 30 fps: the driver "captures" in the background for free, and
each read() decodes the JPEG of the frame current on the wall clock (what a real read
costs). Faces are FER2013 PublicTest faces placed as in tools/make_fer_video.py.

Measures process CPU time (all threads; time.process_time) over --seconds of each mode:
face in view, no face, paused. Then, with --minutes, a longer face run reporting RSS at its
start and end. Usage:
    python benchmarks/bench_watcher.py [--seconds 60] [--minutes 30] [--json]
Goals (issue 4): <= 5% of one core with a face, <= 1% without, ~0 paused, flat memory.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import cv2
import numpy as np

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))
sys.path.insert(0, str(REPO_ROOT / "tools"))
os.environ.setdefault("GLOG_minloglevel", "2")

from make_fer_video import HOLD_S, load_faces, place_face  # noqa: E402

from companion.config import CameraSettings, MoodSettings  # noqa: E402
from companion.mood import Baseline  # noqa: E402
from companion.vision import EMOTION_MODEL, EmotionClassifier, FacePipeline, Frame  # noqa: E402
from companion.watcher import Watcher  # noqa: E402


class RealtimeFakeCamera:
    """A 30 fps 640x480 'webcam' on the wall clock: read() decodes the current JPEG frame."""

    live = True
    fps = 30.0

    def __init__(self, scenes: list[bytes], hold_s: float = HOLD_S) -> None:
        self.scenes = scenes
        self.hold_s = hold_s
        self.start = time.monotonic()
        self.reads = 0

    def read(self) -> Frame | None:
        elapsed = time.monotonic() - self.start
        index = int(elapsed * self.fps)
        jpeg = self.scenes[int(elapsed / self.hold_s) % len(self.scenes)]
        image = cv2.imdecode(np.frombuffer(jpeg, np.uint8), cv2.IMREAD_COLOR)
        self.reads += 1
        return Frame(image, index, elapsed)

    def skip(self) -> bool:
        return True

    def close(self) -> None:
        pass


def face_scenes() -> list[bytes]:
    return [_jpeg(place_face(face)) for face in load_faces("sad", 45)]


def empty_scenes() -> list[bytes]:
    """A textured room-like backdrop with no face (noise + gradient), a few variants."""
    rng = np.random.default_rng(0)
    scenes = []
    for shift in range(4):
        gradient = np.linspace(60, 190, 640)[None, :].repeat(480, axis=0)
        noise = cv2.GaussianBlur(rng.normal(0, 25, (480, 640)), (0, 0), 3)
        gray = np.clip(gradient + noise + 10 * shift, 0, 255).astype(np.uint8)
        scenes.append(_jpeg(cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR)))
    return scenes


def _jpeg(image: np.ndarray) -> bytes:
    ok, data = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 85])
    assert ok
    return data.tobytes()


def rss_mib() -> float:
    """Resident memory now (Linux /proc; elsewhere the peak from getrusage)."""
    try:
        with open("/proc/self/statm") as handle:
            pages = int(handle.read().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak / (2**20 if sys.platform == "darwin" else 2**10)


def measure(watcher: Watcher, seconds: float) -> dict[str, float]:
    wall0, cpu0 = time.monotonic(), time.process_time()
    frames0 = watcher.frames_analysed
    time.sleep(seconds)
    wall, cpu = time.monotonic() - wall0, time.process_time() - cpu0
    return {
        "seconds": round(wall, 1),
        "cpu_percent_of_one_core": round(100 * cpu / wall, 2),
        "analysed_fps": round((watcher.frames_analysed - frames0) / wall, 2),
        "rss_mib": round(rss_mib(), 1),
    }


def make_watcher(scenes: list[bytes], model: Path) -> Watcher:
    return Watcher(
        "0",
        CameraSettings(),  # the defaults under test: fps_face 3, fps_idle 1
        MoodSettings(),
        pipeline=FacePipeline(classifier=EmotionClassifier(model), max_faces=1),
        open_source=lambda spec: RealtimeFakeCamera(scenes),
        baseline=Baseline(path=None),  # learn in memory; never touch the user's file
    )


def run_mode(
    scenes: list[bytes], model: Path, seconds: float, warmup: float, paused: bool = False
) -> dict:
    watcher = make_watcher(scenes, model).start()
    try:
        time.sleep(warmup)
        if paused:
            watcher.pause()
        result = measure(watcher, seconds)
    finally:
        watcher.stop()
        watcher.pipeline.close()
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="measured seconds per mode")
    parser.add_argument("--warmup", type=float, default=5.0, help="seconds before measuring")
    parser.add_argument(
        "--minutes", type=float, default=0.0, help="then a memory run with a face (0: skip)"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--model", type=Path, default=EMOTION_MODEL, help="emotion model (.onnx)")
    args = parser.parse_args(argv)

    faces, empty = face_scenes(), empty_scenes()
    results: dict[str, dict] = {}
    results["face"] = run_mode(faces, args.model, args.seconds, args.warmup)
    results["no_face"] = run_mode(empty, args.model, args.seconds, args.warmup)
    results["paused"] = run_mode(faces, args.model, args.seconds, args.warmup, paused=True)
    if args.minutes > 0:
        results["memory"] = memory_run(faces, args.model, args.minutes * 60, args.warmup)
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        for mode, row in results.items():
            print(f"{mode:8s} " + "  ".join(f"{k}={v}" for k, v in row.items()))
    return 0


def memory_run(scenes: list[bytes], model: Path, seconds: float, warmup: float) -> dict:
    """RSS at start and end (and its peak) over a long run with a face in view."""
    watcher = make_watcher(scenes, model).start()
    try:
        time.sleep(warmup)
        start_rss, peak, samples = rss_mib(), 0.0, []
        cpu0, wall0 = time.process_time(), time.monotonic()
        while time.monotonic() - wall0 < seconds:
            time.sleep(min(10.0, seconds))
            samples.append(rss_mib())
            peak = max(peak, samples[-1])
        wall, cpu = time.monotonic() - wall0, time.process_time() - cpu0
    finally:
        watcher.stop()
        watcher.pipeline.close()
    return {
        "seconds": round(wall, 1),
        "rss_start_mib": round(start_rss, 1),
        "rss_end_mib": round(samples[-1], 1),
        "rss_peak_mib": round(peak, 1),
        "cpu_percent_of_one_core": round(100 * cpu / wall, 2),
        "frames_analysed": watcher.frames_analysed,
    }


if __name__ == "__main__":
    raise SystemExit(main())
