"""Measure the intent recogniser on labelled utterances: accuracy per language, crisis recall
and crisis false alarms, plus the confusions. Default: the held-out dev files.

    python tools/eval_nlu.py                 # dev set (held out; report these numbers)
    python tools/eval_nlu.py --split train   # training set (sanity check only)
    python tools/eval_nlu.py --cv 5          # cross-validation on train (for tuning)
    python tools/eval_nlu.py --json          # machine-readable
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from companion.dialogue import classifier, train
from companion.dialogue.nlu import INTENTS, understand


def evaluate(rows: list[tuple[str, str]], lang: str, model_path: Path | None = None) -> dict:
    kwargs = {"model_path": model_path} if model_path else {}
    correct, crisis_total, crisis_caught, false_alarms = 0, 0, 0, 0
    caught_or_asked, needless_questions = 0, 0
    confusions: Counter[tuple[str, str]] = Counter()
    errors = []
    for gold, utterance in rows:
        result = understand(utterance, lang, **kwargs)
        got = result.intent
        correct += got == gold
        if gold == "crisis":
            crisis_total += 1
            crisis_caught += got == "crisis"
            caught_or_asked += got == "crisis" or result.risk
        else:
            false_alarms += got == "crisis"
            needless_questions += result.risk
        if got != gold:
            confusions[(gold, got)] += 1
            errors.append({"gold": gold, "got": got, "text": utterance})
    return {
        "lang": lang,
        "n": len(rows),
        "accuracy": correct / max(1, len(rows)),
        "crisis_recall": crisis_caught / max(1, crisis_total),
        "crisis_n": crisis_total,
        "crisis_false_alarms": false_alarms,
        "crisis_caught_or_asked": caught_or_asked / max(1, crisis_total),
        "needless_safety_questions": needless_questions,
        "confusions": {f"{g}->{p}": n for (g, p), n in confusions.most_common()},
        "errors": errors,
    }


def cross_validate(lang: str, folds: int) -> dict:
    rows = train.read_tsv(train.DATA_DIR / f"{lang}_train.tsv")
    random.Random(1).shuffle(rows)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(folds):
            held = rows[k::folds]
            fit = [r for i, r in enumerate(rows) if i % folds != k]
            model = classifier.train(train.build_examples(fit, lang), lang, INTENTS)
            path = Path(tmp) / f"fold{k}.npz"
            classifier.save_models({lang: model}, path)
            results.append(evaluate(held, lang, path))
    merged = {
        "lang": lang,
        "n": sum(r["n"] for r in results),
        "accuracy": sum(r["accuracy"] * r["n"] for r in results) / len(rows),
        "crisis_recall": sum(r["crisis_recall"] * r["crisis_n"] for r in results)
        / max(1, sum(r["crisis_n"] for r in results)),
        "crisis_n": sum(r["crisis_n"] for r in results),
        "crisis_false_alarms": sum(r["crisis_false_alarms"] for r in results),
        "errors": [e for r in results for e in r["errors"]],
    }
    return merged


def main() -> int:
    parser = argparse.ArgumentParser(description="Evaluate companion's intent recogniser.")
    parser.add_argument(
        "--split",
        default="dev",
        help="dev (default), test, test2, train, crisis_extra, or a retired set: dev2 ... dev8",
    )
    parser.add_argument("--cv", type=int, default=0, help="k-fold cross-validation on train")
    parser.add_argument("--errors", action="store_true", help="list every misclassification")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    reports = []
    for lang in ("en", "zh"):
        if args.cv:
            reports.append(cross_validate(lang, args.cv))
        else:
            rows = train.read_tsv(train.DATA_DIR / f"{lang}_{args.split}.tsv")
            reports.append(evaluate(rows, lang))
    if args.json:
        print(json.dumps(reports, ensure_ascii=False, indent=2))
        return 0
    label = f"{args.cv}-fold CV on train" if args.cv else f"{args.split} set"
    for r in reports:
        print(
            f"{r['lang']} ({label}, n={r['n']}): accuracy {r['accuracy']:.1%}, "
            f"crisis recall {r['crisis_recall']:.1%} ({r['crisis_n']} crisis), "
            f"crisis false alarms {r['crisis_false_alarms']}"
            + (
                f"; with the safety question: crisis caught or asked "
                f"{r['crisis_caught_or_asked']:.1%}, asked needlessly "
                f"{r['needless_safety_questions']}/{r['n'] - r['crisis_n']}"
                if "crisis_caught_or_asked" in r
                else ""
            )
        )
        if args.errors:
            for e in r["errors"]:
                print(f"    {e['gold']:>9} -> {e['got']:<9} {e['text']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
