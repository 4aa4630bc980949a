"""A spoken, guided breathing exercise with exact phase timing, stoppable at any moment.

Why absolute deadlines: speaking a cue takes time (TTS), so each phase ends at
start + sum(previous phases) rather than "say, then sleep N": the rhythm never drifts.
The clock and the wait are injectable so tests check the timing without waiting.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping

# (cue, seconds) per phase. 4-7-8: in 4, hold 7, out 8. Box: 4 each, hold after out too.
PATTERNS: dict[str, tuple[tuple[str, float], ...]] = {
    "4-7-8": (("in", 4.0), ("hold", 7.0), ("out", 8.0)),
    "box": (("in", 4.0), ("hold", 4.0), ("out", 4.0), ("hold", 4.0)),
}


def cycle_seconds(pattern: str) -> float:
    return sum(seconds for _, seconds in PATTERNS[pattern])


def guide_breathing(
    say: Callable[[str], None],
    cues: Mapping[str, str],
    *,
    pattern: str = "4-7-8",
    cycles: int = 4,
    stop: threading.Event | None = None,
    clock: Callable[[], float] = time.monotonic,
    wait: Callable[[float], bool] | None = None,
) -> bool:
    """Guide `cycles` rounds of `pattern`; True when finished, False when `stop` was set.

    `wait(seconds)` returns True when interrupted (default: stop.wait)."""
    if pattern not in PATTERNS:
        raise ValueError(f"unknown breathing pattern {pattern!r}")
    stop = stop or threading.Event()
    wait = wait or stop.wait
    deadline = clock()
    for _ in range(cycles):
        for cue, seconds in PATTERNS[pattern]:
            if stop.is_set():
                say(cues.get("stopped", ""))
                return False
            say(cues.get(cue, cue))
            deadline += seconds
            remaining = deadline - clock()
            if remaining > 0 and wait(remaining):
                say(cues.get("stopped", ""))
                return False
    say(cues.get("done", ""))
    return True
