"""One calm palette for the tray icon and the dashboard, so both speak the same colours."""

from __future__ import annotations

MOOD_COLOURS: dict[str, str] = {
    "happy": "#e3b448",
    "neutral": "#7fa89b",
    "surprise": "#e39a5a",
    "sad": "#6f8fca",
    "fear": "#9b84c4",
    "angry": "#d4765f",
    "disgust": "#8aa05d",
}
NO_FACE_COLOUR = "#b9c1c0"
STATE_COLOURS: dict[str, str] = {
    "paused": "#a3a9ab",
    "privacy": "#5d6670",
    "stopped": "#a3a9ab",
}
OUTCOME_COLOURS: dict[str, str] = {
    "completed": "#4f9a83",
    "declined": "#9aa3a6",
    "silence": "#c2c8ca",
    "crisis": "#c8553d",
    "interrupted": "#e0a458",
    "": "#6f8fca",
}


def mood_colour(dominant: str | None) -> str:
    return MOOD_COLOURS.get(dominant or "", NO_FACE_COLOUR)


def hex_to_rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)
