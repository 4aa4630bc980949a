"""Everything the store holds, as JSON or CSV: the user's data, readable anywhere."""

from __future__ import annotations

import csv
import io
import json
import time
from datetime import datetime, timezone
from typing import Any

from companion import __version__
from companion.store.db import Store

CSV_COLUMNS = (
    "record",
    "time_utc",
    "unix_time",
    "valence",
    "confidence",
    "face_fraction",
    "dominant",
    "emotion",
    "duration_s",
    "reason",
    "outcome",
    "trigger",
    "turns",
    "speaker",
    "text",
)


def _iso(t: float) -> str:
    return datetime.fromtimestamp(t, tz=timezone.utc).isoformat(timespec="seconds")


def collect(store: Store) -> dict[str, Any]:
    """All records, oldest first, in one plain dict."""
    return {
        "app": "companion",
        "version": __version__,
        "exported_at": _iso(time.time()),
        "mood_minutes": [
            {"time_utc": _iso(m["minute"]), **m} for m in store.minutes(0, float("inf"))
        ],
        "checkins": [{"time_utc": _iso(c["t"]), **c} for c in store.checkins()],
        "conversations": [
            {"time_utc": _iso(c["t"]), **c} for c in store.conversations(with_transcripts=True)
        ],
    }


def to_json(store: Store) -> str:
    return json.dumps(collect(store), ensure_ascii=False, indent=2) + "\n"


def to_csv(store: Store) -> str:
    """One row per record with the union of columns, so a spreadsheet can filter by kind."""
    data = collect(store)
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for m in data["mood_minutes"]:
        writer.writerow({"record": "mood_minute", "unix_time": m["minute"], **m})
    for c in data["checkins"]:
        writer.writerow({"record": "checkin", "unix_time": c["t"], **c})
    for conv in data["conversations"]:
        writer.writerow({"record": "conversation", "unix_time": conv["t"], **conv})
        for speaker, text in conv.get("transcript", []):
            writer.writerow(
                {
                    "record": "transcript_line",
                    "time_utc": conv["time_utc"],
                    "unix_time": conv["t"],
                    "speaker": speaker,
                    "text": text,
                }
            )
    return buf.getvalue()


def export(store: Store, fmt: str) -> str:
    if fmt == "json":
        return to_json(store)
    if fmt == "csv":
        return to_csv(store)
    raise ValueError(f"unknown export format {fmt!r}")
