"""A small linear intent classifier (softmax regression on n-gram features), in numpy.

Why this and not scikit-learn or a neural model: a few hundred labelled utterances per
language are enough for a linear model on word and character n-grams; numpy is already a
dependency, training takes about a second here, the weights are a ~100 kB file that ships in
the package, and prediction is a handful of dictionary look-ups (well under a millisecond).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from companion.dialogue import lexicon

_NEGATORS_EN = {"not", "no", "never", "nothing", "nobody", "without"}
_NEGATORS_ZH = "不没别非无"


def features(normalized: str, lang: str) -> list[str]:
    """n-gram features; words after a negator are also marked, so "not okay" ≠ "okay"."""
    feats: list[str] = []
    cues = lexicon.cues(normalized, lang) or ["lex:none"]
    # Cues are repeated so that they weigh about as much as the many n-grams together.
    feats += [f"{c}#{k}" for c in cues for k in range(3)]
    feats += [f"{a}&{b}" for a in cues for b in cues if a < b]
    if lang == "zh":
        text = normalized.replace(" ", "")
        padded = f"^{text}$"
        for n in (1, 2, 3):
            feats += [f"c{n}:{padded[i : i + n]}" for i in range(len(padded) - n + 1)]
        for i, ch in enumerate(text):
            if ch in _NEGATORS_ZH:
                feats += [f"neg:{c}" for c in text[i + 1 : i + 3]]
        return feats or ["empty"]
    words = normalized.split()
    padded_words = ["<s>", *words, "</s>"]
    feats += [f"w:{w}" for w in words]
    feats += [f"b:{a}_{b}" for a, b in itertools.pairwise(padded_words)]
    scope = 0
    for w in words:
        if w in _NEGATORS_EN:
            scope = 3
            continue
        if scope:
            feats.append(f"neg:{w}")
            scope -= 1
    padded = f" {normalized} "
    for n in (3, 4, 5):
        feats += [f"c{n}:{padded[i : i + n]}" for i in range(len(padded) - n + 1)]
    if len(words) <= 2:
        feats.append(f"short:{normalized}")
    return feats or ["empty"]


@dataclass
class IntentModel:
    """Weights of one language: vocabulary → row of class scores."""

    classes: tuple[str, ...]
    vocab: dict[str, int]
    weights: np.ndarray  # (len(vocab), len(classes))
    bias: np.ndarray  # (len(classes),)

    def probabilities(self, feats: Sequence[str]) -> np.ndarray:
        rows = sorted({self.vocab[f] for f in feats if f in self.vocab})
        logits = self.bias.astype(np.float64).copy()
        if rows:
            logits += self.weights[rows].astype(np.float64).sum(axis=0) / np.sqrt(len(rows))
        logits -= logits.max()
        exp = np.exp(logits)
        return exp / exp.sum()


def train(
    examples: Sequence[tuple[str, str]],
    lang: str,
    classes: Sequence[str],
    *,
    l2: float = 1e-4,
    epochs: int = 300,
    lr: float = 0.5,
) -> IntentModel:
    """Fit softmax regression with full-batch Adam on (normalized text, intent) pairs."""
    feats = [features(text, lang) for text, _ in examples]
    vocab: dict[str, int] = {}
    for fs in feats:
        for f in fs:
            vocab.setdefault(f, len(vocab))
    x = np.zeros((len(examples), len(vocab)), dtype=np.float32)
    for i, fs in enumerate(feats):
        idx = sorted({vocab[f] for f in fs})
        x[i, idx] = 1.0 / np.sqrt(len(idx))
    class_index = {c: i for i, c in enumerate(classes)}
    y = np.zeros((len(examples), len(classes)), dtype=np.float32)
    for i, (_, label) in enumerate(examples):
        y[i, class_index[label]] = 1.0
    w = np.zeros((len(vocab), len(classes)), dtype=np.float32)
    b = np.zeros(len(classes), dtype=np.float32)
    m_w, v_w = np.zeros_like(w), np.zeros_like(w)
    m_b, v_b = np.zeros_like(b), np.zeros_like(b)
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    for step in range(1, epochs + 1):
        logits = x @ w + b
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        p /= p.sum(axis=1, keepdims=True)
        grad = (p - y) / len(examples)
        g_w = x.T @ grad + l2 * w
        g_b = grad.sum(axis=0)
        for param, g, m, v in ((w, g_w, m_w, v_w), (b, g_b, m_b, v_b)):
            m *= beta1
            m += (1 - beta1) * g
            v *= beta2
            v += (1 - beta2) * g * g
            m_hat = m / (1 - beta1**step)
            v_hat = v / (1 - beta2**step)
            param -= lr * 0.1 * m_hat / (np.sqrt(v_hat) + eps)
    return IntentModel(tuple(classes), vocab, w, b)


def save_models(models: dict[str, IntentModel], path: Path) -> None:
    """One compressed .npz for all languages (float16 weights are plenty for a linear model)."""
    arrays: dict[str, np.ndarray] = {}
    for lang, model in models.items():
        arrays[f"{lang}_classes"] = np.array(model.classes)
        arrays[f"{lang}_vocab"] = np.array(list(model.vocab))
        arrays[f"{lang}_weights"] = model.weights.astype(np.float16)
        arrays[f"{lang}_bias"] = model.bias.astype(np.float32)
    np.savez_compressed(path, **arrays)


def load_models(path: Path) -> dict[str, IntentModel]:
    with np.load(path, allow_pickle=False) as data:
        langs = {key.split("_", 1)[0] for key in data.files}
        models = {}
        for lang in sorted(langs):
            vocab = [str(v) for v in data[f"{lang}_vocab"]]
            models[lang] = IntentModel(
                classes=tuple(str(c) for c in data[f"{lang}_classes"]),
                vocab={f: i for i, f in enumerate(vocab)},
                weights=data[f"{lang}_weights"].astype(np.float32),
                bias=data[f"{lang}_bias"],
            )
    return models
