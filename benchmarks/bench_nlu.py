"""Speed of `understand()`: model load once, then milliseconds per utterance (goal: a few ms).

python benchmarks/bench_nlu.py [--repeat 20]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from companion.dialogue.nlu import load_intent_models, understand
from companion.dialogue.train import DATA_DIR, read_tsv


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    start = time.perf_counter()
    load_intent_models()
    load_ms = (time.perf_counter() - start) * 1000
    print(f"model load: {load_ms:.1f} ms")
    for lang in ("en", "zh"):
        texts = [t for _, t in read_tsv(DATA_DIR / f"{lang}_dev.tsv")]
        per_call = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            for text in texts:
                understand(text, lang)
            per_call.append((time.perf_counter() - t0) * 1000 / len(texts))
        print(
            f"{lang}: {statistics.median(per_call):.3f} ms per utterance (median of "
            f"{args.repeat} passes over {len(texts)} utterances, max {max(per_call):.3f} ms)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
