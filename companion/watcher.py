"""The always-on watcher: one thread that glances at the camera and turns faces into mood events.

Why this shape: watching all day must cost next to nothing, so the thread sleeps between
glances (about 1 fps with no face, a few with one), never decodes frames it will not
analyse, holds only the frame in hand and stores none. Pause and privacy release the
camera device itself (the webcam light goes off). A missing, busy or unplugged camera is
retried with a doubling backoff and reported as a CameraStatus event, never a crash.
A video file runs on its own clock as fast as the CPU allows, sampling at the same
adaptive rate and skipping (not decoding) the frames in between.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, Protocol

from companion.bus import EventBus
from companion.config import CameraSettings, MoodSettings
from companion.errors import UserError
from companion.events import CameraStatus, ConversationEnded, Event, FaceObserved
from companion.mood import Baseline, MoodTracker

log = logging.getLogger(__name__)

FACE_MEMORY_S = 3.0  # keep the faster rate this long after the last face
# While we sleep, a webcam driver keeps its first few frames (V4L2: 4 buffers) and drops the
# rest, so a plain read after a 1 s sleep returns a frame about 4 glances old. Before each
# read we grab (no decoding) until a grab has to wait for the camera: the buffer is empty.
DRAIN_MAX_GRABS = 8
STALE_GRAB_S = 0.005
BASELINE_SAVE_EVERY_S = 300.0


class Analyzer(Protocol):
    """What the watcher needs from the vision pipeline (FacePipeline, or a fake in tests)."""

    def analyze(self, image_bgr: Any) -> list[Any]: ...

    def close(self) -> None: ...


def is_camera_spec(spec: str | int) -> bool:
    """A camera index ("0", 1) rather than a file path."""
    return isinstance(spec, int) or str(spec).strip().isdigit()


class Watcher:
    """Owns the camera thread. start() / pause() / resume() / stop(); events go to bus and callback.

    source_spec: camera index or video path (as `open_source` takes it).
    camera, mood: this component's settings sections (read live, so changes apply at once).
    pipeline: the analyser; by default a FacePipeline is built here, so a missing model is
    reported (UserError) by the constructor, not later in the thread.
    baseline: the learned resting expression. None: for a live camera with learn_baseline,
    the stored one (data dir) is loaded and saved every few minutes and at stop; a video file
    neither uses nor teaches it, because a video is not the user.
    clock: the wall clock for cooldown, quiet hours and daily cap (live sources). A video
    file gets a virtual wall clock: clock() at start plus the video's own time.
    realtime: play a video file at its own pace, as if it were a camera (`companion run
    --source video.mp4`); by default a file runs as fast as the CPU allows.
    """

    def __init__(
        self,
        source_spec: str | int,
        camera: CameraSettings,
        mood: MoodSettings,
        bus: EventBus | None = None,
        *,
        on_event: Callable[[Event], None] | None = None,
        pipeline: Analyzer | None = None,
        open_source: Callable[[str | int], Any] | None = None,
        baseline: Baseline | None = None,
        clock: Callable[[], datetime] = datetime.now,
        retry_initial_s: float = 1.0,
        retry_max_s: float = 30.0,
        realtime: bool = False,
    ) -> None:
        if open_source is None:
            from companion.vision import open_source
        if pipeline is None:
            from companion.vision import FacePipeline

            pipeline = FacePipeline(max_faces=1)
            self._owns_pipeline = True
        else:
            self._owns_pipeline = False
        self.source_spec = source_spec
        self.camera = camera
        self.mood_settings = mood
        self.bus = bus
        self.on_event = on_event
        self.pipeline = pipeline
        self.clock = clock
        self.retry_initial_s = retry_initial_s
        self.retry_max_s = retry_max_s
        self.realtime = realtime
        self._play_anchor: float | None = None  # monotonic time of a video's t=0 (realtime)
        self.baseline = baseline
        self.tracker = MoodTracker(mood, baseline=baseline, clock=clock)
        self.error: BaseException | None = None
        self.frames_analysed = 0
        self.open_attempts = 0
        self._open_source = open_source
        self._source: Any = None
        self._camera_state = ""
        self._retries_forever = is_camera_spec(source_spec)
        self._lock = threading.RLock()  # guards the tracker against the bus's threads
        self._shutdown = threading.Event()
        self._wake = threading.Event()
        self._paused = threading.Event()
        self._released = threading.Event()
        self._released.set()
        self._thread: threading.Thread | None = None
        self._done = threading.Event()  # set when the thread has finished and released all
        self._t0 = time.monotonic()
        self._wall0 = clock()
        self._last_t = 0.0
        self._live = True
        self._baseline_saved_at = time.monotonic()
        self._finished = False
        if bus is not None:
            bus.subscribe(ConversationEnded, lambda e: self.notify_conversation_ended(e.outcome))

    # ----- control, from any thread -----

    def start(self) -> Watcher:
        """Run in a daemon thread of its own; returns at once."""
        if self._thread is not None:
            raise RuntimeError("watcher already started")
        self._thread = threading.Thread(target=self._run_safely, name="watcher", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 10.0) -> bool:
        """Stop the thread and wait for it to release the camera and save the baseline.

        True once everything is released. The thread cleans up after itself; only a watcher
        that never started is cleaned up here.
        """
        self._shutdown.set()
        self._wake.set()
        if self._thread is None:
            self._finish()
            return True
        if self._thread is threading.current_thread():
            return False
        return self.join(timeout)

    def join(self, timeout: float | None = None) -> bool:
        """Wait for the thread (a video file ends by itself); True once it has finished.

        Waits on an Event, not Thread.join: a Ctrl+C that interrupts Thread.join can leave
        is_alive() false while the thread still runs (CPython), and we must not close the
        models under it.
        """
        if self._thread is None:
            return True
        return self._done.wait(timeout)

    @property
    def running(self) -> bool:
        return self._thread is not None and not self._done.is_set()

    def pause(self, wait: bool = True, timeout: float = 5.0) -> bool:
        """Release the camera device (privacy). With wait, returns once it is released."""
        self._paused.set()
        self._wake.set()
        if wait and self.running:
            return self._released.wait(timeout)
        return True

    def resume(self) -> None:
        """Reopen the camera and carry on watching."""
        self._paused.clear()
        self._wake.set()

    @property
    def paused(self) -> bool:
        return self._paused.is_set()

    @property
    def camera_state(self) -> str:
        """The last CameraStatus state: ok, missing, lost, released, or "" before the first."""
        return self._camera_state

    def notify_conversation_ended(self, outcome: str) -> None:
        """The dialogue finished; a "declined" lengthens the quiet before the next check-in."""
        with self._lock:
            self.tracker.conversation_ended(outcome, self._now())

    def reset_baseline(self) -> None:
        """Forget the learned resting expression (settings page, CLI)."""
        with self._lock:
            self.tracker.reset_baseline()

    def open(self) -> None:
        """Open the source now, raising UserError if it cannot be opened.

        For `companion watch`, where a missing camera at the start is a one-line error; the
        long-running app just calls start() and lets the thread retry.
        """
        if self._source is None:
            self._open(raise_errors=True)

    def run(self) -> None:
        """Watch in the calling thread until stop(), the end of a video, or an error."""
        try:
            self._loop()
        finally:
            self._finish()

    # ----- the thread -----

    def _run_safely(self) -> None:
        try:
            self.run()
        except Exception as exc:  # the app must survive; report and stop this component
            self.error = exc
            log.exception("watcher stopped on an unexpected error")
            self._status("error", f"watcher stopped: {exc}")
        finally:
            self._done.set()

    def _loop(self) -> None:
        delay = self.retry_initial_s
        face_seen_at = -math.inf
        due: float | None = None  # a video's next sampling time, on a grid so rates average out
        while not self._shutdown.is_set():
            if self._paused.is_set():
                if self._live:  # a video keeps its place; a camera is let go entirely
                    self._release("released", "paused: camera released")
                self._released.set()
                self._play_anchor = None  # a paused video resumes from where it stood
                self._wake.wait()
                self._wake.clear()
                continue
            if self._source is None and not self._open(raise_errors=False):
                if not self._retries_forever:
                    return  # a video that cannot be opened will not open later
                self._sleep(delay)
                delay = min(delay * 2, self.retry_max_s)
                continue
            started = time.monotonic()
            if self._live:
                self._drain()
            frame = self._source.read()
            if frame is None:
                if not self._live:
                    return  # end of the video
                self._release("lost", "camera stopped delivering frames; retrying")
                self._sleep(delay)
                delay = min(delay * 2, self.retry_max_s)
                continue
            delay = self.retry_initial_s  # back off afresh only once frames flow again
            t = frame.t if not self._live else started - self._t0
            next_index = frame.index + 1
            faces = self.pipeline.analyze(frame.image)
            del frame  # hold no frame longer than its analysis
            self._observe(t, faces)
            if faces:
                face_seen_at = t
            fps = (
                self.camera.fps_face if t - face_seen_at <= FACE_MEMORY_S else self.camera.fps_idle
            )
            if self._live:
                self._sleep(started + 1.0 / fps - time.monotonic())
            else:
                due = (t if due is None else due) + 1.0 / fps
                if due <= t:  # asked for more frames than the video has: take the next one
                    due = t + 1.0 / fps
                if self.realtime:
                    if self._play_anchor is None:
                        self._play_anchor = time.monotonic() - t
                    self._sleep(self._play_anchor + due - time.monotonic())
                    if self._shutdown.is_set():
                        return
                if not self._skip_until(due, next_index):
                    return

    def _open(self, raise_errors: bool) -> bool:
        self.open_attempts += 1
        try:
            source = self._open_source(self.source_spec)
        except Exception as exc:  # UserError, or a driver error: a missing camera either way
            user_error = isinstance(exc, UserError)
            if raise_errors:
                if user_error:
                    raise
                raise UserError(f"cannot open {self.source_spec}: {exc}", 3) from exc
            message = str(exc) if user_error else f"cannot open {self.source_spec}: {exc}"
            log.debug("open %s failed (try %d): %s", self.source_spec, self.open_attempts, message)
            # Report changes of state only: the tray shows "lost" until it is "ok" again.
            if self._camera_state not in ("missing", "lost"):
                self._status("lost" if self._camera_state == "ok" else "missing", message)
            return False
        self._source = source
        self._live = bool(getattr(source, "live", True))
        self._retries_forever = self._retries_forever or self._live
        self._released.clear()
        if self._live and self.baseline is None and self.mood_settings.learn_baseline:
            with self._lock:
                self.baseline = self.tracker.baseline = Baseline.load()
        self._baseline_saved_at = time.monotonic()
        self._status("ok", f"watching {self.source_spec}")
        return True

    def _observe(self, t: float, faces: list[Any]) -> None:
        probs = tuple(float(p) for p in faces[0].probs) if faces else None
        self._emit(
            FaceObserved(t=round(t, 3), probs=probs, score=float(faces[0].score) if faces else 0.0)
        )
        with self._lock:
            self._last_t = t
            events = self.tracker.observe(t, probs, self._now())
        self.frames_analysed += 1
        for event in events:
            self._emit(event)
        if self._learning() and time.monotonic() - self._baseline_saved_at > BASELINE_SAVE_EVERY_S:
            self._save_baseline()

    def _drain(self) -> None:
        """Drop the frames a live camera buffered while we slept, so the next read is fresh."""
        for _ in range(DRAIN_MAX_GRABS):
            grab_started = time.monotonic()
            if not self._source.skip() or time.monotonic() - grab_started > STALE_GRAB_S:
                return

    def _skip_until(self, target_t: float, next_index: int) -> bool:
        """Advance a video to the first frame at or after target_t without decoding the rest."""
        fps = getattr(self._source, "fps", None)
        if not fps:
            return True  # an image: the next read ends it
        for _ in range(max(0, math.ceil(target_t * fps - 1e-6) - next_index)):
            if self._shutdown.is_set() or not self._source.skip():
                return False
        return True

    def _now(self) -> datetime:
        if self._live:
            return self.clock()
        return self._wall0 + timedelta(seconds=self._last_t)

    def _sleep(self, seconds: float) -> None:
        """Wait, but wake at once for stop, pause or resume."""
        if seconds > 0 and self._wake.wait(seconds):
            self._wake.clear()

    def _release(self, state: str, message: str) -> None:
        source, self._source = self._source, None
        if source is not None:
            source.close()
        if self._camera_state != state:
            self._status(state, message)
        self._released.set()

    def _status(self, state: str, message: str) -> None:
        self._camera_state = state
        t = time.monotonic() - self._t0 if self._live else self._last_t
        self._emit(CameraStatus(t=round(t, 3), state=state, message=message))

    def _emit(self, event: Event) -> None:
        if self.bus is not None:
            self.bus.publish(event)
        if self.on_event is not None:
            self.on_event(event)

    def _save_baseline(self) -> None:
        self._baseline_saved_at = time.monotonic()
        try:
            with self._lock:
                if self.baseline is not None:
                    self.baseline.save()
        except OSError as exc:
            log.warning("could not save the mood baseline: %s", exc)

    def _learning(self) -> bool:
        """A live camera teaching the stored baseline (saved every few minutes and at stop)."""
        return self._live and self.baseline is not None and self.baseline.path is not None

    def _finish(self) -> None:
        """Release everything this watcher holds; safe to call twice."""
        source, self._source = self._source, None
        if source is not None:
            source.close()
        self._released.set()
        if self._finished:
            return
        self._finished = True
        if self._learning():
            self._save_baseline()
        if self._owns_pipeline and self.pipeline is not None:
            self.pipeline.close()
            self.pipeline = None  # type: ignore[assignment]
