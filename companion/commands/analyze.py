"""`companion analyze PATH`: faces and emotion probabilities for an image or a video."""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from companion.errors import UserError

CSV_FIELDS = ["source", "frame", "time", "face", "x", "y", "w", "h", "score"]


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "analyze",
        help="detect faces and their emotions in an image or a video",
        description="Detect faces and their emotion probabilities in an image or a video.",
    )
    p.add_argument("path", help="an image (jpg, png, ...) or a video (mp4, avi, ...)")
    p.add_argument("--format", choices=("json", "csv"), default="json", help="output format")
    p.add_argument("--out", type=Path, help="write to this file instead of stdout")
    p.add_argument(
        "--fps", type=float, default=None, help="analyse at most N frames per second of video"
    )
    p.add_argument(
        "--detect-every-frame",
        action="store_true",
        help="run the face detector on every frame of a video instead of tracking faces "
        "between detections (about 2x the CPU; boxes then all come from the detector)",
    )
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    if args.fps is not None and args.fps <= 0:
        raise UserError("--fps must be a positive number")
    if args.out is not None and args.out.is_dir():
        raise UserError(f"--out {args.out}: is a directory")
    from companion.vision import EMOTIONS, FacePipeline, ImageSource, open_source
    from companion.vision.pipeline import DEFAULT_TRACKING

    source = open_source(args.path)
    if source.live:
        source.close()
        raise UserError(
            "analyze takes an image or a video file; use `companion watch` for a camera"
        )
    tracking = None if args.detect_every_frame else DEFAULT_TRACKING
    with source, FacePipeline(tracking=tracking) as pipeline:
        show_progress = (
            not args.quiet and sys.stderr.isatty() and not isinstance(source, ImageSource)
        )
        frames = list(_analyse_frames(source, pipeline, args.fps, show_progress))
    if isinstance(source, ImageSource):
        report: dict[str, Any] = {
            "source": str(args.path),
            "kind": "image",
            "faces": frames[0]["faces"],
        }
    else:
        report = {
            "source": str(args.path),
            "kind": "video",
            "fps": round(float(source.fps or 0), 3),
            "analysed_frames": len(frames),
            "frames": frames,
        }
    text = to_json(report) if args.format == "json" else to_csv(str(args.path), frames, EMOTIONS)
    _write(text, args.out)
    return 0


def _analyse_frames(
    source: Any, pipeline: Any, fps: float | None, show_progress: bool
) -> Iterator[dict[str, Any]]:
    """Each analysed frame as {"frame", "time", "faces"}; skips frames cheaply to honour --fps."""
    from tqdm import tqdm

    total = getattr(source, "frame_count", 0) or None
    step = 1.0 if not fps or not source.fps else max(1.0, source.fps / fps)
    next_index = 0.0
    with tqdm(total=total, unit="frame", disable=not show_progress, file=sys.stderr) as bar:
        index = 0
        while True:
            if index < round(next_index):
                if not source.skip():
                    break
                index += 1
                bar.update(1)
                continue
            frame = source.read()
            if frame is None:
                break
            # Frame times let close frames of the video be tracked instead of detected.
            results = pipeline.analyze(frame.image, frame.t)
            yield {
                "frame": frame.index,
                "time": round(frame.t, 4),
                "faces": [r.to_dict() for r in results],
            }
            index += 1
            next_index += step
            bar.update(1)


def to_json(report: dict[str, Any]) -> str:
    return json.dumps(report, ensure_ascii=False, indent=2) + "\n"


def to_csv(source: str, frames: list[dict[str, Any]], emotions: tuple[str, ...]) -> str:
    """One row per face: a table that loads straight into pandas or a spreadsheet."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*CSV_FIELDS, *emotions, "dominant"])
    for frame in frames:
        for number, face in enumerate(frame["faces"]):
            x, y, w, h = face["box"]
            writer.writerow(
                [source, frame["frame"], frame["time"], number, x, y, w, h, face["score"]]
                + [face["emotions"][name] for name in emotions]
                + [face["dominant"]]
            )
    return buffer.getvalue()


def _write(text: str, out: Path | None) -> None:
    if out is None:
        sys.stdout.write(text)
        return
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UserError(f"--out {out}: cannot write ({exc.strerror})") from None
