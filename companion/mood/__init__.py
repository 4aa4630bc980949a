"""Mood: smoothing per-frame emotions, the user's learned baseline, and when to check in.

Public API: MoodTracker (frames in, MoodUpdate / CheckIn / CheckInSuppressed out),
Baseline with baseline_path() and reset_baseline(), and the parts for tests and tools.
"""

from companion.mood.baseline import Baseline, baseline_path, reset_baseline
from companion.mood.smoothing import NEGATIVE, Mood, MoodSmoother
from companion.mood.tracker import MoodTracker
from companion.mood.trigger import (
    CheckInGate,
    Episode,
    SustainedNegative,
    in_quiet_hours,
    negative_threshold,
)

__all__ = [
    "NEGATIVE",
    "Baseline",
    "CheckInGate",
    "Episode",
    "Mood",
    "MoodSmoother",
    "MoodTracker",
    "SustainedNegative",
    "baseline_path",
    "in_quiet_hours",
    "negative_threshold",
    "reset_baseline",
]
