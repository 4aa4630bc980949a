"""Train companion's facial-expression model on FER2013 and export it to ONNX.

One command, fixed seed, CPU only (about two hours on a 2-core machine):

    python tools/train_emotion.py

The exported graph takes raw 48x48 grayscale pixels (0..255) and returns softmax
probabilities in the canonical FER2013 order; normalisation lives inside the graph, so the
app needs no code for it. By default the graph is one pass; ``--no-one-pass`` also bakes
horizontal-flip test-time augmentation in (more accurate, twice the CPU per face).

Torch is a training-only dependency (the ``train`` extra); the app only needs
onnxruntime to run the result.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import random
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from torch import Tensor, nn

LABELS: list[str] = ["angry", "disgust", "fear", "happy", "sad", "surprise", "neutral"]
NEGATIVE: list[str] = ["angry", "disgust", "fear", "sad"]
REPO = Path(__file__).resolve().parents[1]
DATA_DIR = REPO.parent / "shared" / "datasets" / "fer2013"
# Channels of the five VGG-style stages (two 3x3 convs each, then a 2x2 max-pool).
# Sized so the model with flip-TTA stays well under 3 ms per face on one CPU thread.
STAGE_WIDTHS: tuple[int, ...] = (16, 32, 64, 128, 256)


def load_split(name: str, data_dir: Path = DATA_DIR) -> tuple[np.ndarray, np.ndarray]:
    """Load one FER2013 split as (uint8 images N x 48 x 48, int64 labels)."""
    data = np.load(data_dir / f"fer2013_{name}.npz")
    classes = [str(c) for c in data["classes"]]
    if classes != LABELS:
        raise ValueError(f"unexpected class order in {name}: {classes}")
    return data["images"], data["labels"].astype(np.int64)


class EmotionNet(nn.Module):
    """Compact VGG-style CNN: five conv stages with BatchNorm, global pooling, one linear head.

    Normalisation of raw 0..255 pixels happens inside, so the exported graph is self-contained.
    """

    def __init__(
        self,
        widths: tuple[int, ...] = STAGE_WIDTHS,
        num_classes: int = 7,
        dropout: float = 0.3,
        pixel_mean: float = 128.0,
        pixel_std: float = 64.0,
    ) -> None:
        super().__init__()
        self.register_buffer("pixel_mean", torch.tensor(pixel_mean, dtype=torch.float32))
        self.register_buffer("pixel_std", torch.tensor(pixel_std, dtype=torch.float32))
        layers: list[nn.Module] = []
        in_ch = 1
        for width in widths:
            for _ in range(2):
                layers += [
                    nn.Conv2d(in_ch, width, 3, padding=1, bias=False),
                    nn.BatchNorm2d(width),
                    nn.ReLU(inplace=True),
                ]
                in_ch = width
            layers.append(nn.MaxPool2d(2))
        self.features = nn.Sequential(*layers)
        self.head = nn.Sequential(nn.Flatten(), nn.Dropout(dropout), nn.Linear(in_ch, num_classes))

    def forward(self, pixels: Tensor) -> Tensor:
        """Return logits for raw 0..255 pixels of shape [N, 1, 48, 48]."""
        x = (pixels - self.pixel_mean) / self.pixel_std
        x = self.features(x)
        x = F.adaptive_avg_pool2d(x, 1)
        return self.head(x)


class ExportWrapper(nn.Module):
    """Inference graph: softmax, averaged over the face and its mirror image when ``flip``
    (flip TTA: about +0.5 point for twice the compute)."""

    def __init__(self, net: EmotionNet, flip: bool = True) -> None:
        super().__init__()
        self.net = net
        self.flip = flip

    def forward(self, pixels: Tensor) -> Tensor:
        if not self.flip:
            return torch.softmax(self.net(pixels), dim=1)
        n = pixels.shape[0]
        both = torch.cat([pixels, torch.flip(pixels, dims=[3])], dim=0)
        probs = torch.softmax(self.net(both), dim=1)
        return 0.5 * (probs[:n] + probs[n:])


def augment(
    batch: Tensor, gen: torch.Generator, erase_p: float = 0.5, strength: float = 1.0
) -> Tensor:
    """Random flip, rotation, scale, shift and erasing on a float batch [B, 1, 48, 48].

    Done batched with affine_grid so the CPU spends its time on the network, not on
    per-image Python augmentation. ``strength`` scales rotation, scale and shift (the
    fine-tuning stage uses gentler geometry so the small net can fit the real faces).
    """
    b = batch.shape[0]
    angle = (torch.rand(b, generator=gen) * 2 - 1) * math.radians(15) * strength
    scale = 1 + (torch.rand(b, generator=gen) * 2 - 1) * 0.15 * strength
    shift = (torch.rand(b, 2, generator=gen) * 2 - 1) * 0.12 * strength  # of half-width
    flip = torch.where(torch.rand(b, generator=gen) < 0.5, -1.0, 1.0)
    cos, sin = torch.cos(angle) / scale, torch.sin(angle) / scale
    theta = torch.zeros(b, 2, 3)
    theta[:, 0, 0] = cos * flip
    theta[:, 0, 1] = -sin
    theta[:, 1, 0] = sin * flip
    theta[:, 1, 1] = cos
    theta[:, :, 2] = shift
    grid = F.affine_grid(theta, list(batch.shape), align_corners=False)
    out = F.grid_sample(batch, grid, mode="bilinear", padding_mode="border", align_corners=False)
    # Random erasing: one rectangle of 2-20 % of the area, filled with noise.
    side = 48
    for i in torch.nonzero(torch.rand(b, generator=gen) < erase_p).flatten().tolist():
        area = side * side * (0.02 + 0.18 * torch.rand(1, generator=gen).item())
        ratio = math.exp((torch.rand(1, generator=gen).item() * 2 - 1) * math.log(3))
        h = min(side, round(math.sqrt(area * ratio)))
        w = min(side, round(math.sqrt(area / ratio)))
        y0 = int(torch.randint(0, side - h + 1, (1,), generator=gen))
        x0 = int(torch.randint(0, side - w + 1, (1,), generator=gen))
        out[i, :, y0 : y0 + h, x0 : x0 + w] = torch.rand(1, h, w, generator=gen) * 255
    return out


@torch.no_grad()
def predict(
    net: EmotionNet, images: np.ndarray, batch_size: int = 512, flip: bool = True
) -> np.ndarray:
    """Probabilities [N, 7] for uint8 images, same maths as the exported graph.

    Checkpoints are always chosen by flip-TTA accuracy, whichever graph is exported.
    """
    wrapper = ExportWrapper(net, flip).eval()
    out = []
    for start in range(0, len(images), batch_size):
        chunk = torch.from_numpy(images[start : start + batch_size]).float().unsqueeze(1)
        out.append(wrapper(chunk).numpy())
    return np.concatenate(out)


def metrics(probs: np.ndarray, labels: np.ndarray) -> dict[str, object]:
    """Accuracy, per-class recall, confusion matrix and negative-vs-rest balanced accuracy."""
    pred = probs.argmax(1)
    k = len(LABELS)
    confusion = np.zeros((k, k), dtype=np.int64)
    np.add.at(confusion, (labels, pred), 1)
    recall = confusion.diagonal() / np.maximum(confusion.sum(1), 1)
    neg_idx = [LABELS.index(n) for n in NEGATIVE]
    is_neg_true = np.isin(labels, neg_idx)
    is_neg_pred = np.isin(pred, neg_idx)
    neg_recall = float((is_neg_pred & is_neg_true).sum() / max(is_neg_true.sum(), 1))
    rest_recall = float((~is_neg_pred & ~is_neg_true).sum() / max((~is_neg_true).sum(), 1))
    return {
        "accuracy": float((pred == labels).mean()),
        "per_class_recall": {name: float(r) for name, r in zip(LABELS, recall)},
        "negative_vs_rest_balanced_accuracy": 0.5 * (neg_recall + rest_recall),
        "confusion": confusion.tolist(),
    }


def seed_everything(seed: int) -> torch.Generator:
    """Fix every random source we use so the recipe reproduces on CPU."""
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.use_deterministic_algorithms(True, warn_only=True)
    return torch.Generator().manual_seed(seed)


def make_optimizer(net: nn.Module, lr: float, weight_decay: float) -> torch.optim.SGD:
    """SGD with Nesterov momentum; no weight decay on BatchNorm parameters and biases."""
    decay, no_decay = [], []
    for param in net.parameters():
        (no_decay if param.ndim <= 1 else decay).append(param)
    return torch.optim.SGD(
        [
            {"params": decay, "weight_decay": weight_decay},
            {"params": no_decay, "weight_decay": 0.0},
        ],
        lr=lr,
        momentum=0.9,
        nesterov=True,
    )


def run_epoch(
    net: nn.Module,
    optimizer: torch.optim.Optimizer,
    scheduler: torch.optim.lr_scheduler.LRScheduler,
    criterion: nn.Module,
    images: Tensor,
    targets: Tensor,
    gen: torch.Generator,
    batch_size: int,
    erase_p: float,
    strength: float,
) -> float:
    """One pass over the shuffled training set; returns the mean loss."""
    net.train()
    steps = len(images) // batch_size
    order = torch.randperm(len(images), generator=gen)
    total_loss = 0.0
    for step in range(steps):
        idx = order[step * batch_size : (step + 1) * batch_size]
        batch = augment(images[idx], gen, erase_p=erase_p, strength=strength)
        loss = criterion(net(batch.contiguous(memory_format=torch.channels_last)), targets[idx])
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        scheduler.step()
        total_loss += loss.item()
    net.eval()
    return total_loss / steps


def train(args: argparse.Namespace) -> Path:
    """Two stages, best PublicTest checkpoint kept across both.

    Stage 1: SGD+Nesterov, one-cycle LR, strong augmentation. Stage 2 (fine-tuning):
    restarts from the best stage-1 weights with gentle augmentation and a small cosine LR,
    because the small net underfits the strongly augmented data. Stage 2 reseeds, so
    ``--finetune-from`` a stage-1 checkpoint gives the same result as one full run.
    """
    gen = seed_everything(args.seed)
    torch.set_num_threads(args.threads)
    torch.set_flush_denormal(True)  # denormal gradients late in training slow CPU convs a lot
    x_train, y_train = load_split("Training")
    x_val, y_val = load_split("PublicTest")
    if args.limit:
        x_train, y_train = x_train[: args.limit], y_train[: args.limit]
    criterion = nn.CrossEntropyLoss(label_smoothing=args.label_smoothing)
    images = torch.from_numpy(x_train).float().unsqueeze(1)
    targets = torch.from_numpy(y_train)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    best_path = args.out_dir / "best.pt"
    if args.finetune_from:
        ckpt = torch.load(args.finetune_from, map_location="cpu", weights_only=False)
        torch.save(ckpt, best_path)
        best_acc = float(ckpt["val_acc"])
    else:
        stats = (float(x_train.mean()), float(x_train.std()))
        best_acc = train_stage1(
            args, gen, criterion, images, targets, stats, (x_val, y_val), best_path
        )
    if args.finetune_epochs > 0:
        finetune(args, criterion, images, targets, x_val, y_val, best_path, best_acc)
    return best_path


def train_stage1(
    args: argparse.Namespace,
    gen: torch.Generator,
    criterion: nn.Module,
    images: Tensor,
    targets: Tensor,
    pixel_stats: tuple[float, float],
    val: tuple[np.ndarray, np.ndarray],
    best_path: Path,
) -> float:
    """Stage 1: one-cycle schedule from scratch; returns the best PublicTest accuracy."""
    x_val, y_val = val
    mean, std = pixel_stats
    net = EmotionNet(pixel_mean=mean, pixel_std=std).to(memory_format=torch.channels_last)
    optimizer = make_optimizer(net, args.lr, args.weight_decay)
    steps_per_epoch = len(images) // args.batch_size
    scheduler = torch.optim.lr_scheduler.OneCycleLR(
        optimizer,
        max_lr=args.lr,
        epochs=args.epochs,
        steps_per_epoch=steps_per_epoch,
        pct_start=0.15,
        div_factor=20.0,
        final_div_factor=200.0,
    )
    best_acc = -1.0
    history = []
    started = time.time()
    for epoch in range(1, args.epochs + 1):
        t0 = time.time()
        mean_loss = run_epoch(
            net, optimizer, scheduler, criterion, images, targets, gen, args.batch_size, 0.5, 1.0
        )
        # Early epochs at high learning rate never hold the best weights; validating only
        # every fifth of them saves CPU time for training.
        if epoch % 5 and epoch < 0.6 * args.epochs:
            print(f"epoch {epoch:3d}/{args.epochs} loss {mean_loss:.4f} {time.time() - t0:.0f}s")
            continue
        result = metrics(predict(net, x_val), y_val)
        acc = float(result["accuracy"])  # type: ignore[arg-type]
        history.append({"epoch": epoch, "loss": mean_loss, "val_acc": acc})
        if acc > best_acc:
            best_acc = acc
            save_checkpoint(best_path, net, args, acc, epoch)
        print(
            f"epoch {epoch:3d}/{args.epochs} loss {mean_loss:.4f} "
            f"publictest {acc:.4f} best {best_acc:.4f} lr {scheduler.get_last_lr()[0]:.4f} "
            f"{time.time() - t0:.0f}s (total {(time.time() - started) / 60:.1f} min)",
            flush=True,
        )
    (args.out_dir / "history.json").write_text(json.dumps(history, indent=1))
    return best_acc


def finetune(
    args: argparse.Namespace,
    criterion: nn.Module,
    images: Tensor,
    targets: Tensor,
    x_val: np.ndarray,
    y_val: np.ndarray,
    best_path: Path,
    best_acc: float,
) -> float:
    """Stage 2: from the best stage-1 weights, gentle augmentation, cosine LR to zero.

    With ``--swa`` the weights at the end of each fine-tuning epoch are also averaged
    (stochastic weight averaging: a flatter optimum that often generalises better, at no
    inference cost), BatchNorm statistics are re-estimated for the average, and the
    average competes with every single epoch for the best checkpoint.
    """
    gen = seed_everything(args.seed + 1)
    ckpt = torch.load(best_path, map_location="cpu", weights_only=False)
    net = load_checkpoint(best_path).to(memory_format=torch.channels_last)
    torch.save(ckpt, args.out_dir / "stage1_best.pt")  # lets --finetune-from redo stage 2
    optimizer = make_optimizer(net, args.finetune_lr, args.weight_decay)
    total_steps = args.finetune_epochs * (len(images) // args.batch_size)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=total_steps)
    stage1_epoch = ckpt["epoch"]
    averaged: dict[str, Tensor] = {}

    def keep_if_best(model: nn.Module, acc: float, label: int | str) -> None:
        nonlocal best_acc
        if acc > best_acc:
            best_acc = acc
            save_checkpoint(best_path, model, args, acc, stage1_epoch, finetune_epoch=label)

    for epoch in range(1, args.finetune_epochs + 1):
        t0 = time.time()
        mean_loss = run_epoch(
            net, optimizer, scheduler, criterion, images, targets, gen, args.batch_size, 0.0, 0.5
        )
        acc = float(metrics(predict(net, x_val), y_val)["accuracy"])  # type: ignore[arg-type]
        keep_if_best(net, acc, epoch)
        if args.swa:
            for name, value in net.state_dict().items():
                if value.is_floating_point():
                    previous = averaged.get(name, torch.zeros_like(value))
                    averaged[name] = previous + (value.detach() - previous) / epoch
        print(
            f"finetune {epoch:2d}/{args.finetune_epochs} loss {mean_loss:.4f} "
            f"publictest {acc:.4f} best {best_acc:.4f} {time.time() - t0:.0f}s",
            flush=True,
        )
    if args.swa and averaged:
        swa_net = copy_with_weights(net, averaged)
        recompute_batchnorm(swa_net, images, gen, args.batch_size)
        acc = float(metrics(predict(swa_net, x_val), y_val)["accuracy"])  # type: ignore[arg-type]
        keep_if_best(swa_net, acc, "swa")
        print(f"finetune swa publictest {acc:.4f} best {best_acc:.4f}", flush=True)
    return best_acc


def copy_with_weights(net: EmotionNet, weights: dict[str, Tensor]) -> EmotionNet:
    """A copy of ``net`` holding ``weights`` (float tensors) and net's other buffers."""
    state = {k: weights.get(k, v) for k, v in net.state_dict().items()}
    return net_from_state(state).to(memory_format=torch.channels_last)


@torch.no_grad()
def recompute_batchnorm(
    net: EmotionNet, images: Tensor, gen: torch.Generator, batch_size: int
) -> None:
    """Re-estimate BatchNorm statistics for averaged weights: one pass over the training
    images with the fine-tuning augmentation (averaged weights make the old ones stale)."""
    norms = [m for m in net.modules() if isinstance(m, nn.BatchNorm2d)]
    for norm in norms:
        norm.reset_running_stats()
        norm.momentum = None  # cumulative average over the pass
    net.train()
    for start in range(0, len(images) - batch_size + 1, batch_size):
        batch = augment(images[start : start + batch_size], gen, erase_p=0.0, strength=0.5)
        net(batch.contiguous(memory_format=torch.channels_last))
    net.eval()


def save_checkpoint(
    path: Path,
    net: nn.Module,
    args: argparse.Namespace,
    val_acc: float,
    epoch: int,
    finetune_epoch: int | str | None = None,
) -> None:
    """The best weights so far, with where they came from (read by ``load_checkpoint``)."""
    ckpt = {"state_dict": net.state_dict(), "epoch": epoch, "val_acc": val_acc, "args": vars(args)}
    if finetune_epoch is not None:
        ckpt["finetune_epoch"] = finetune_epoch
    torch.save(ckpt, path)


def net_from_state(state: dict[str, Tensor]) -> EmotionNet:
    """An evaluation-mode network holding a state dict (normalisation buffers included)."""
    net = EmotionNet(pixel_mean=float(state["pixel_mean"]), pixel_std=float(state["pixel_std"]))
    net.load_state_dict(state)
    return net.eval()


def load_checkpoint(path: Path) -> EmotionNet:
    """Rebuild the network from a checkpoint written by ``train``."""
    ckpt = torch.load(path, map_location="cpu", weights_only=False)
    return net_from_state(ckpt["state_dict"])


def _atomic_write(path: Path, data: bytes) -> None:
    """Write via a temp file and rename, so the app never sees a half-written model."""
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def export(checkpoint: Path, model_dir: Path, recipe: str, flip: bool = True) -> dict[str, object]:
    """Export ONNX + JSON sidecar from a checkpoint and check ONNX against torch."""
    import onnx
    import onnxruntime as ort

    net = load_checkpoint(checkpoint).to(memory_format=torch.contiguous_format)
    wrapper = ExportWrapper(net, flip).eval()
    model_dir.mkdir(parents=True, exist_ok=True)
    tmp_onnx = model_dir / f".emotion.export{os.getpid()}.onnx"
    torch.onnx.export(
        wrapper,
        (torch.zeros(2, 1, 48, 48),),
        str(tmp_onnx),
        input_names=["input"],
        output_names=["probs"],
        dynamic_axes={"input": {0: "N"}, "probs": {0: "N"}},
        opset_version=17,
        dynamo=False,
    )
    model = onnx.load(str(tmp_onnx))
    tmp_onnx.unlink()
    onnx.checker.check_model(model)
    del model.metadata_props[:]
    for key, value in {"labels": json.dumps(LABELS), "recipe": recipe}.items():
        entry = model.metadata_props.add()
        entry.key, entry.value = key, value
    model.producer_name = "companion tools/train_emotion.py"
    blob = model.SerializeToString()

    x_val, y_val = load_split("PublicTest")
    session = ort.InferenceSession(blob, providers=["CPUExecutionProvider"])
    onnx_probs = session.run(["probs"], {"input": x_val[:, None].astype(np.float32)})[0]
    torch_probs = predict(net, x_val, flip=flip)
    max_diff = float(np.abs(onnx_probs - torch_probs).max())
    if max_diff > 1e-3:
        raise RuntimeError(f"ONNX and torch disagree (max abs diff {max_diff})")
    result = metrics(onnx_probs, y_val)

    _atomic_write(model_dir / "emotion.onnx", blob)
    sidecar = {
        "labels": LABELS,
        "input": {
            "name": "input",
            "size": [48, 48],
            "color": "gray",
            "range": [0, 255],
            "layout": "NCHW",
        },
        "output": {"name": "probs", "kind": "probabilities"},
        "training": {
            "data": "FER2013 Training",
            "publictest_accuracy": round(float(result["accuracy"]), 4),  # type: ignore[arg-type]
            "publictest_per_class_recall": {
                k: round(v, 4)
                for k, v in result["per_class_recall"].items()  # type: ignore[union-attr]
            },
            "publictest_negative_vs_rest_balanced_accuracy": round(
                float(result["negative_vs_rest_balanced_accuracy"]),  # type: ignore[arg-type]
                4,
            ),
            "publictest_confusion": result["confusion"],
            "tta": "horizontal flip, averaged inside the graph" if flip else "none (one pass)",
            "recipe": recipe,
            "sha256": hashlib.sha256(blob).hexdigest(),
        },
    }
    sidecar_path = model_dir / "emotion.json"
    if sidecar_path.exists():
        # Keep keys other tools add to the sidecar (e.g. the app's face "framing").
        previous = json.loads(sidecar_path.read_text())
        sidecar = {**{k: v for k, v in previous.items() if k not in sidecar}, **sidecar}
    _atomic_write(sidecar_path, (json.dumps(sidecar, indent=2) + "\n").encode())
    size_mb = len(blob) / 1e6
    print(f"exported {model_dir / 'emotion.onnx'} ({size_mb:.2f} MB), onnx diff {max_diff:.1e}")
    print(json.dumps({k: v for k, v in result.items() if k != "confusion"}, indent=2))
    return result


def plot_confusion(sidecar_path: Path, png_path: Path) -> None:
    """Draw the PublicTest confusion matrix stored in the sidecar (row-normalised recall)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    training = json.loads(sidecar_path.read_text())["training"]
    counts = np.asarray(training["publictest_confusion"], dtype=np.float64)
    rates = counts / np.maximum(counts.sum(axis=1, keepdims=True), 1)
    fig, ax = plt.subplots(figsize=(6.4, 5.6), dpi=110)
    ax.imshow(rates, cmap="Blues", vmin=0, vmax=1)
    for i in range(len(LABELS)):
        for j in range(len(LABELS)):
            colour = "white" if rates[i, j] > 0.5 else "black"
            text = f"{rates[i, j]:.2f}\n({int(counts[i, j])})"
            ax.text(j, i, text, ha="center", va="center", fontsize=7, color=colour)
    ax.set_xticks(range(len(LABELS)), LABELS, rotation=45, ha="right")
    ax.set_yticks(range(len(LABELS)), LABELS)
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    accuracy = training["publictest_accuracy"]
    ax.set_title(f"companion emotion model, FER2013 PublicTest (acc {accuracy:.3f})")
    fig.tight_layout()
    tmp = png_path.with_name(f".{png_path.name}.tmp{os.getpid()}.png")
    fig.savefig(tmp)
    plt.close(fig)
    os.replace(tmp, png_path)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--epochs", type=int, default=48)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument(
        "--lr", type=float, default=0.1, help="peak learning rate of the one-cycle schedule"
    )
    parser.add_argument("--weight-decay", type=float, default=5e-4)
    parser.add_argument("--label-smoothing", type=float, default=0.1)
    parser.add_argument("--finetune-epochs", type=int, default=5, help="stage 2 length")
    parser.add_argument("--finetune-lr", type=float, default=0.005, help="stage 2 start LR")
    parser.add_argument(
        "--swa",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="also try the average of the stage-2 epochs' weights",
    )
    parser.add_argument(
        "--finetune-from",
        type=Path,
        metavar="CHECKPOINT",
        help="skip stage 1: fine-tune this stage-1 checkpoint (same result as a full run)",
    )
    parser.add_argument("--seed", type=int, default=2013)
    parser.add_argument(
        "--threads",
        type=int,
        default=1,
        help="torch threads; 1 because two threads on a busy 2-core box mostly wait on each other",
    )
    parser.add_argument(
        "--limit", type=int, default=0, help="use only the first N training images (smoke tests)"
    )
    parser.add_argument(
        "--out-dir",
        type=Path,
        default=Path(tempfile.gettempdir()) / "companion-emotion-run",
        help="checkpoints and history (kept out of the repo)",
    )
    parser.add_argument(
        "--model-dir", type=Path, default=REPO / "models", help="where emotion.onnx/.json go"
    )
    parser.add_argument(
        "--one-pass",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="export a one-pass graph; --no-one-pass bakes flip TTA in (about +1.5 points on "
        "PublicTest for twice the CPU per face)",
    )
    parser.add_argument(
        "--plot-only",
        action="store_true",
        help="only redraw emotion_confusion.png from the sidecar in --model-dir",
    )
    parser.add_argument(
        "--export-only",
        type=Path,
        metavar="CHECKPOINT",
        help="skip training; export ONNX + sidecar from this checkpoint (e.g. a run stopped early)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    sidecar, png = args.model_dir / "emotion.json", args.model_dir / "emotion_confusion.png"
    if args.plot_only:
        plot_confusion(sidecar, png)
        return
    if args.export_only:
        ckpt = torch.load(args.export_only, map_location="cpu", weights_only=False)
        train_args = ckpt.get("args", {})
        recipe = (
            f"python tools/train_emotion.py --epochs {train_args.get('epochs', args.epochs)}"
            f" --finetune-epochs {train_args.get('finetune_epochs', args.finetune_epochs)}"
            + (" --swa" if train_args.get("swa") else "")
            + (" --one-pass" if args.one_pass else "")
            + " (exported with --export-only from its checkpoint:"
            f" stage-1 epoch {ckpt.get('epoch')}"
            f", fine-tuning {ckpt.get('finetune_epoch', 'none')})"
        )
        export(args.export_only, args.model_dir, recipe, flip=not args.one_pass)
        plot_confusion(sidecar, png)
        return
    best = train(args)
    cli = sys.argv[1:] if argv is None else argv
    if args.finetune_from:  # same result as the full command without the resume flag
        at = cli.index("--finetune-from")
        cli = cli[:at] + cli[at + 2 :]
    recipe = " ".join(["python tools/train_emotion.py", *cli])
    export(best, args.model_dir, recipe, flip=not args.one_pass)
    plot_confusion(sidecar, png)


if __name__ == "__main__":
    main()
