"""Care actions the companion can offer: guided breathing and calming music."""

from companion.care.breathing import PATTERNS, guide_breathing
from companion.care.kit import CareKit
from companion.care.music import MusicPlayer, fade_envelope, render, soundscape

__all__ = [
    "PATTERNS",
    "CareKit",
    "MusicPlayer",
    "fade_envelope",
    "guide_breathing",
    "render",
    "soundscape",
]
