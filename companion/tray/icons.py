"""The tray icon, drawn with Pillow: a small face whose colour is the mood, plus a badge
for the state (paused, privacy, talking), so a glance at the tray says what is going on.

Drawn at 4x and scaled down, which gives smooth edges without shipping image files.
"""

from __future__ import annotations

from PIL import Image, ImageDraw

from companion.tray.palette import NO_FACE_COLOUR, STATE_COLOURS, hex_to_rgb, mood_colour

SCALE = 4
WHITE = (255, 255, 255, 255)
BADGE_BG = (47, 58, 63, 255)


def draw_icon(
    state: str, mood: str | None = None, valence: float = 0.0, size: int = 64
) -> Image.Image:
    """An RGBA icon for this state and mood (mood: dominant emotion, None when no face)."""
    big = size * SCALE
    img = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    if state in STATE_COLOURS:
        colour = STATE_COLOURS[state]
    else:
        colour = mood_colour(mood) if mood else NO_FACE_COLOUR
    s = big / 64  # design units: a 64-pixel icon
    d.ellipse((2 * s, 2 * s, 62 * s, 62 * s), fill=(*hex_to_rgb(colour), 255))

    eye_y, eye_dx = 25 * s, 11 * s
    if state in ("privacy", "paused", "stopped"):
        # Closed eyes: the camera is not looking.
        for cx in (32 * s - eye_dx, 32 * s + eye_dx):
            d.arc(
                (cx - 5 * s, eye_y - 3 * s, cx + 5 * s, eye_y + 5 * s),
                20,
                160,
                fill=WHITE,
                width=int(3 * s),
            )
    else:
        for cx in (32 * s - eye_dx, 32 * s + eye_dx):
            d.ellipse((cx - 4.5 * s, eye_y - 4.5 * s, cx + 4.5 * s, eye_y + 4.5 * s), fill=WHITE)

    # Mouth: a smile, a flat line or a frown following the valence.
    v = max(-1.0, min(1.0, valence if state in ("watching", "talking") else 0.0))
    bend = 9 * s * v
    left, right, y = 19 * s, 45 * s, 42 * s
    if abs(bend) < 1.5 * s:
        d.line((left, y, right, y), fill=WHITE, width=int(4 * s))
    elif bend > 0:
        d.arc((left, y - bend, right, y + bend), 0, 180, fill=WHITE, width=int(4 * s))
    else:
        d.arc((left, y + bend, right, y - bend), 180, 360, fill=WHITE, width=int(4 * s))

    if state in ("paused", "privacy", "talking"):
        _badge(d, state, s)
    return img.resize((size, size), Image.LANCZOS)


def _badge(d: ImageDraw.ImageDraw, state: str, s: float) -> None:
    cx, cy, r = 49 * s, 49 * s, 14 * s
    d.ellipse((cx - r, cy - r, cx + r, cy + r), fill=BADGE_BG, outline=WHITE, width=int(2.5 * s))
    if state == "paused":
        for dx in (-4.5 * s, 2 * s):
            d.rounded_rectangle(
                (cx + dx, cy - 6 * s, cx + dx + 3 * s, cy + 6 * s), 1 * s, fill=WHITE
            )
    elif state == "privacy":
        # A padlock: shackle arc and body.
        d.arc(
            (cx - 5 * s, cy - 9 * s, cx + 5 * s, cy + 1 * s),
            180,
            360,
            fill=WHITE,
            width=int(2.5 * s),
        )
        d.line((cx - 5 * s, cy - 4 * s, cx - 5 * s, cy - 1 * s), fill=WHITE, width=int(2.5 * s))
        d.line((cx + 5 * s, cy - 4 * s, cx + 5 * s, cy - 1 * s), fill=WHITE, width=int(2.5 * s))
        d.rounded_rectangle((cx - 7.5 * s, cy - 2 * s, cx + 7.5 * s, cy + 8 * s), 2 * s, fill=WHITE)
    else:  # talking: three dots of a speech bubble
        for dx in (-6 * s, 0, 6 * s):
            d.ellipse(
                (cx + dx - 2.2 * s, cy - 2.2 * s, cx + dx + 2.2 * s, cy + 2.2 * s), fill=WHITE
            )
