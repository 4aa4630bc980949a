"""`companion watch`: the headless watcher, printing mood once a second and every decision.

Why a command of its own: the same Watcher the tray app runs, without tray or voice, so
users can see what the companion notices and tests can drive it with a video file (which
runs on the video's own clock, as fast as the CPU allows, then exits 0).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
from pathlib import Path
from typing import Any

from companion.errors import UserError


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "watch",
        help="watch a camera or a video and report mood and check-ins",
        description=(
            "Watch a camera (by index) or a video file and report the smoothed mood about "
            "once a second, and every check-in decision with its reason. A video runs on "
            "its own clock as fast as it can; a camera runs until Ctrl+C."
        ),
    )
    p.add_argument(
        "--source",
        metavar="INDEX_OR_PATH",
        help="camera index (0, 1, ...) or a video file (default: the camera.source setting)",
    )
    p.add_argument("--json", action="store_true", help="one JSON object per line on stdout")
    p.add_argument("--settings", type=Path, metavar="FILE", help="read settings from FILE")
    p.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    if not getattr(args, "verbose", False):
        # OpenCV (and FFmpeg inside it) print a screenful for a missing camera or a corrupt
        # video; our one line says it all. Must be set before cv2 is first imported.
        os.environ.setdefault("OPENCV_LOG_LEVEL", "OFF")
        os.environ.setdefault("OPENCV_FFMPEG_LOGLEVEL", "-8")  # AV_LOG_QUIET
    from companion.config import load_settings
    from companion.vision import open_source
    from companion.watcher import Watcher

    if args.settings is not None and not args.settings.is_file():
        raise UserError(f"{args.settings}: no such settings file")
    settings = load_settings(args.settings)
    spec = (args.source if args.source is not None else settings.camera.source).strip()
    if not spec:
        raise UserError("no source: pass --source INDEX_OR_PATH or set camera.source")
    # A missing camera or bad file is a one-line error here, before loading any model; the
    # long-running app retries instead. The watcher takes over the source opened here.
    opened = [open_source(spec)]

    def reopen(source_spec: str) -> Any:
        return opened.pop() if opened else open_source(source_spec)

    printer = _Printer(as_json=args.json)
    try:
        watcher = Watcher(
            spec, settings.camera, settings.mood, on_event=printer, open_source=reopen
        )
    except BaseException:
        opened.pop().close()
        raise
    with _sigterm_as_interrupt():
        try:
            watcher.open()
            watcher.start()
            while not watcher.join(0.5):
                if printer.broken.is_set():
                    break
        except KeyboardInterrupt:
            pass  # Ctrl+C is how a camera watch ends: stop cleanly
        finally:
            watcher.stop()
    if printer.broken.is_set():
        _silence_stdout()
        return 0
    if watcher.error is not None:
        raise UserError(f"watcher stopped: {watcher.error}", 1)
    return 0


class _Printer:
    """Writes events as they come, from the watcher's thread; one line each, flushed."""

    def __init__(self, as_json: bool) -> None:
        self.as_json = as_json
        self.broken = threading.Event()
        self._lock = threading.Lock()

    def __call__(self, event: Any) -> None:
        if event.type == "face" or self.broken.is_set():
            return  # every analysed frame would drown the per-second mood
        line = json.dumps(event.to_dict(), ensure_ascii=False) if self.as_json else _human(event)
        with self._lock:
            try:
                sys.stdout.write(line + "\n")
                sys.stdout.flush()
            except (BrokenPipeError, ValueError):  # reader went away (e.g. `| head`)
                self.broken.set()


def _human(event: Any) -> str:
    stamp = f"{event.t:8.1f}s"
    kind = event.type
    if kind == "mood":
        if event.dominant == "none":
            return f"{stamp}  no face yet"
        negative = sum(event.scores[n] for n in ("angry", "disgust", "fear", "sad"))
        face = "face" if event.face_present else "no face (holding)"
        return (
            f"{stamp}  mood {event.dominant:<8} negative {negative:.2f}  "
            f"valence {event.valence:+.2f}  confidence {event.confidence:.2f}  {face}"
        )
    if kind == "checkin":
        return (
            f"{stamp}  CHECK-IN: {event.emotion} for {event.duration_s:.0f} s, "
            f"confidence {event.confidence:.2f}"
        )
    if kind == "checkin_suppressed":
        return f"{stamp}  check-in held back: {event.reason}"
    if kind == "camera":
        return f"{stamp}  camera {event.state}: {event.message}"
    return f"{stamp}  {kind}: {json.dumps(event.to_dict(), ensure_ascii=False)}"


class _sigterm_as_interrupt:
    """SIGTERM stops a watch as cleanly as Ctrl+C (main thread only; elsewhere a no-op)."""

    def __enter__(self) -> None:
        self._previous = None
        if threading.current_thread() is threading.main_thread():
            self._previous = signal.signal(signal.SIGTERM, _raise_interrupt)

    def __exit__(self, *exc: object) -> None:
        if self._previous is not None:
            signal.signal(signal.SIGTERM, self._previous)


def _raise_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _silence_stdout() -> None:
    """After a closed pipe, point stdout at /dev/null so the exit flush does not complain."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
