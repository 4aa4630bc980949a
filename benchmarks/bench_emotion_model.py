"""Benchmark the shipped emotion model: latency per face on one CPU thread, and file size.

The goal (issue 3) is <= 3 ms median per face with single-threaded onnxruntime, whatever
test-time augmentation the graph holds (the shipped one is one pass), and a model file
<= 20 MB. One thread because the
app runs the classifier beside the camera loop, dialogue and speech on a small machine.

Run:  .venv/bin/python benchmarks/bench_emotion_model.py [--runs 200] [--model PATH]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
import onnxruntime as ort

REPO = Path(__file__).resolve().parents[1]
DEFAULT_MODEL = REPO / "models" / "emotion.onnx"
BUDGET_MS = 3.0
BUDGET_MB = 20.0


def single_thread_session(model: Path) -> ort.InferenceSession:
    """An onnxruntime session pinned to one thread, as the budget is defined."""
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    return ort.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])


def time_per_face(session: ort.InferenceSession, runs: int, warmup: int = 20) -> np.ndarray:
    """Milliseconds for each of ``runs`` batch-1 inferences on random 0..255 faces."""
    rng = np.random.default_rng(0)
    faces = rng.integers(0, 256, size=(runs + warmup, 1, 1, 48, 48)).astype(np.float32)
    input_name = session.get_inputs()[0].name
    timings = []
    for i, face in enumerate(faces):
        start = time.perf_counter()
        session.run(None, {input_name: face})
        if i >= warmup:
            timings.append((time.perf_counter() - start) * 1000.0)
    return np.asarray(timings)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--model", type=Path, default=DEFAULT_MODEL)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()

    size_mb = args.model.stat().st_size / 1e6
    session = single_thread_session(args.model)
    ms = time_per_face(session, args.runs)
    median, p95 = float(np.median(ms)), float(np.percentile(ms, 95))
    sidecar = args.model.with_suffix(".json")
    accuracy = None
    if sidecar.exists():
        accuracy = json.loads(sidecar.read_text()).get("training", {}).get("publictest_accuracy")

    shown = args.model.relative_to(REPO) if args.model.is_relative_to(REPO) else args.model
    print(f"model            {shown}")
    print(f"file size        {size_mb:.2f} MB (budget {BUDGET_MB:.0f} MB)")
    print(
        f"per face, 1 thr  median {median:.2f} ms, p95 {p95:.2f} ms "
        f"over {args.runs} runs (budget {BUDGET_MS} ms)"
    )
    print(f"onnxruntime      {ort.__version__}")
    if accuracy is not None:
        print(f"PublicTest acc   {accuracy:.4f} (from sidecar)")
    verdict = "OK" if median <= BUDGET_MS and size_mb <= BUDGET_MB else "OVER BUDGET"
    print(f"verdict          {verdict}")


if __name__ == "__main__":
    main()
