"""The history timeline, drawn as inline SVG on the server.

Why server-side SVG: no chart library, no CDN, no JavaScript needed to see one's week; the
page works offline and the chart is plain markup that tests can read.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Sequence
from html import escape
from typing import Any

from companion.tray.palette import OUTCOME_COLOURS, mood_colour

WIDTH, HEIGHT = 880, 260
PAD_L, PAD_R, PAD_T, PAD_B = 56, 16, 30, 30
# A gap longer than this (no face seen) breaks the line instead of drawing across it.
MAX_GAP_BUCKETS = 2


def bucket_valence(
    minutes: Sequence[dict[str, Any]], start: float, bucket_s: int
) -> dict[int, tuple[float, str]]:
    """Mean valence and most frequent mood per bucket index, weighted by face minutes."""
    sums: dict[int, list[float]] = {}
    moods: dict[int, Counter[str]] = {}
    for m in minutes:
        if m["valence"] is None:
            continue
        index = int((m["minute"] - start) // bucket_s)
        weight = max(m["face_fraction"], 1e-6)
        acc = sums.setdefault(index, [0.0, 0.0])
        acc[0] += m["valence"] * weight
        acc[1] += weight
        moods.setdefault(index, Counter())[m["dominant"]] += 1
    return {
        i: (acc[0] / acc[1], moods[i].most_common(1)[0][0]) for i, acc in sums.items() if acc[1]
    }


def timeline_svg(
    minutes: Sequence[dict[str, Any]],
    checkins: Sequence[dict[str, Any]],
    start: float,
    end: float,
    bucket_s: int,
    ticks: Sequence[tuple[float, str]],
    t: Callable[..., str],
) -> str:
    """Valence over time as a soft line with mood-coloured dots, check-ins as markers."""
    plot_w = WIDTH - PAD_L - PAD_R
    plot_h = HEIGHT - PAD_T - PAD_B

    def x_of(ts: float) -> float:
        return PAD_L + (ts - start) / (end - start) * plot_w

    def y_of(v: float) -> float:
        return PAD_T + (1 - (max(-1.0, min(1.0, v)) + 1) / 2) * plot_h

    mid = y_of(0)
    parts = [
        f'<svg class="timeline" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'xmlns="http://www.w3.org/2000/svg" aria-label="{escape(t("history.legend_line"))}">',
        f'<rect x="{PAD_L}" y="{PAD_T}" width="{plot_w}" height="{mid - PAD_T:.1f}" '
        'class="band-high"/>',
        f'<rect x="{PAD_L}" y="{mid:.1f}" width="{plot_w}" height="{PAD_T + plot_h - mid:.1f}" '
        'class="band-low"/>',
    ]
    for ts, label in ticks:
        x = x_of(ts)
        parts.append(
            f'<line x1="{x:.1f}" y1="{PAD_T}" x2="{x:.1f}" y2="{PAD_T + plot_h}" class="grid"/>'
        )
        parts.append(
            f'<text x="{x:.1f}" y="{HEIGHT - 10}" class="tick" text-anchor="middle">'
            f"{escape(label)}</text>"
        )
    parts.append(
        f'<line x1="{PAD_L}" y1="{mid:.1f}" x2="{PAD_L + plot_w}" y2="{mid:.1f}" class="zero"/>'
    )
    for v, key in ((0.75, "valence.high"), (0.0, "valence.mid"), (-0.75, "valence.low")):
        parts.append(
            f'<text x="{PAD_L - 8}" y="{y_of(v) + 4:.1f}" class="axis" text-anchor="end">'
            f"{escape(t(key))}</text>"
        )
    now = time.time()
    if start < now < end:
        x = x_of(now)
        parts.append(
            f'<line x1="{x:.1f}" y1="{PAD_T}" x2="{x:.1f}" y2="{PAD_T + plot_h}" class="now"/>'
        )

    buckets = bucket_valence(minutes, start, bucket_s)
    segment: list[tuple[float, float]] = []
    segments: list[list[tuple[float, float]]] = []
    previous = None
    for index in sorted(buckets):
        if previous is not None and index - previous > MAX_GAP_BUCKETS and segment:
            segments.append(segment)
            segment = []
        centre = start + (index + 0.5) * bucket_s
        segment.append((x_of(centre), y_of(buckets[index][0])))
        previous = index
    if segment:
        segments.append(segment)
    for seg in segments:
        if len(seg) > 1:
            area = " ".join(f"{x:.1f},{y:.1f}" for x, y in seg)
            parts.append(
                f'<polygon class="area" points="{seg[0][0]:.1f},{mid:.1f} {area} '
                f'{seg[-1][0]:.1f},{mid:.1f}"/>'
            )
            parts.append(f'<polyline class="line" points="{area}"/>')
    dot_r = 2.6 if len(buckets) < 200 else 1.8
    for index, (valence, dominant) in sorted(buckets.items()):
        centre = start + (index + 0.5) * bucket_s
        parts.append(
            f'<circle class="dot" cx="{x_of(centre):.1f}" cy="{y_of(valence):.1f}" r="{dot_r}" '
            f'fill="{mood_colour(dominant)}"><title>{escape(t("emotion." + dominant))}'
            f"</title></circle>"
        )
    for c in checkins:
        if not start <= c["t"] < end:
            continue
        x = x_of(c["t"])
        outcome = c.get("outcome") or ""
        label = (
            f"{time.strftime('%H:%M', time.localtime(c['t']))} · "
            f"{t('emotion.' + c['emotion'])} · {t('outcome.' + outcome)}"
        )
        parts.append(
            f'<g class="checkin"><line x1="{x:.1f}" y1="{PAD_T - 6}" x2="{x:.1f}" '
            f'y2="{PAD_T + plot_h}" class="checkin-line"/>'
            f'<circle cx="{x:.1f}" cy="{PAD_T - 12}" r="6" '
            f'fill="{OUTCOME_COLOURS.get(outcome, OUTCOME_COLOURS[""])}">'
            f"<title>{escape(label)}</title></circle></g>"
        )
    parts.append("</svg>")
    return "".join(parts)


def mood_mix(minutes: Sequence[dict[str, Any]]) -> list[tuple[str, float, str]]:
    """Share of observed minutes per dominant mood, largest first: (emotion, share, colour)."""
    counts = Counter(m["dominant"] for m in minutes if m["valence"] is not None and m["dominant"])
    total = sum(counts.values())
    return (
        [(name, n / total, mood_colour(name)) for name, n in counts.most_common()] if total else []
    )
