"""The private SQLite store: mood per minute, check-ins, conversations, optional transcripts.

Why this shape: one small file in the user's data dir, opened in WAL mode with
synchronous=FULL, every write inside a transaction, so a crash or a power cut loses at most
the write in flight and never corrupts what is already there. One connection guarded by a
lock serves every thread (the bus, the dashboard's request threads): writes are rare
(about one a minute), so a lock is simpler than a pool and never slower in practice.

What is never stored: camera frames, audio, face crops. Only numbers about mood and, if
the user opted in, the words of a conversation.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from companion import paths
from companion.errors import UserError

DB_FILE = "companion.db"
SCHEMA_VERSION = 1
# A conversation that ends within this many seconds of a check-in is that check-in's outcome.
CHECKIN_LINK_S = 15 * 60

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS mood_minutes (
    minute INTEGER PRIMARY KEY,          -- unix time of the minute's start (UTC)
    samples INTEGER NOT NULL,            -- MoodUpdates seen in the minute
    face_samples INTEGER NOT NULL,       -- of those, how many saw a face
    valence_sum REAL NOT NULL,           -- over face samples only
    confidence_sum REAL NOT NULL,
    scores_sum TEXT NOT NULL,            -- JSON {emotion: sum of scores over face samples}
    dominant TEXT NOT NULL               -- most frequent dominant emotion ("" if no face)
);
CREATE TABLE IF NOT EXISTS checkins (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    t REAL NOT NULL,
    emotion TEXT NOT NULL,
    duration_s REAL NOT NULL,
    confidence REAL NOT NULL,
    reason TEXT NOT NULL,
    outcome TEXT,                        -- NULL until its conversation ends
    ended_t REAL
);
CREATE INDEX IF NOT EXISTS checkins_t ON checkins (t);
CREATE TABLE IF NOT EXISTS conversations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    t REAL NOT NULL,                     -- when it ended
    outcome TEXT NOT NULL,
    trigger TEXT NOT NULL,
    turns INTEGER NOT NULL,
    checkin_id INTEGER REFERENCES checkins (id) ON DELETE SET NULL
);
CREATE INDEX IF NOT EXISTS conversations_t ON conversations (t);
CREATE TABLE IF NOT EXISTS transcript_lines (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    speaker TEXT NOT NULL,               -- "user" or "companion"
    text TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS transcript_conv ON transcript_lines (conversation_id);
"""
_TABLES = ("transcript_lines", "conversations", "checkins", "mood_minutes")


@dataclass(frozen=True)
class MinuteAggregate:
    """Sums over one minute of MoodUpdates: sums (not means) so two partial minutes merge."""

    minute: int
    samples: int
    face_samples: int
    valence_sum: float
    confidence_sum: float
    scores_sum: Mapping[str, float]
    dominant: str


def default_db_path() -> Path:
    return paths.data_dir() / DB_FILE


class Store:
    """Thread-safe access to the database; every public method is one transaction."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path) if path is not None else default_db_path()
        paths.ensure_dir(self.path.parent)
        self._lock = threading.RLock()
        # Bumped by forget(): lets writers drop data gathered before "delete everything".
        self.generation = 0
        try:
            self._conn = sqlite3.connect(
                self.path, check_same_thread=False, isolation_level=None, timeout=10
            )
            self._conn.row_factory = sqlite3.Row
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=FULL")
            # Keep the WAL file small once checkpointed (writes are tiny and rare).
            self._conn.execute("PRAGMA journal_size_limit=1048576")
            self._conn.execute("PRAGMA foreign_keys=ON")
            self._conn.execute("PRAGMA busy_timeout=10000")
            self._create_schema()
        except sqlite3.DatabaseError as exc:
            raise UserError(
                f"the history database {self.path} is unreadable ({exc}); "
                "move it aside or run `companion forget --yes`",
                exit_code=3,
            ) from None
        self.path.chmod(0o600)

    # -- plumbing -------------------------------------------------------------------------

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        """One IMMEDIATE transaction under the lock: all or nothing."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def _query(self, sql: str, params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
        with self._lock:
            return [dict(row) for row in self._conn.execute(sql, params).fetchall()]

    def _create_schema(self) -> None:
        with self._lock:
            self._conn.executescript(_SCHEMA)
        with self._tx() as conn:
            conn.execute(
                "INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', ?)",
                (str(SCHEMA_VERSION),),
            )

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writes ---------------------------------------------------------------------------

    def add_minute(self, agg: MinuteAggregate) -> None:
        """Insert a minute, or merge into it when the app restarted within that minute."""
        with self._tx() as conn:
            row = conn.execute(
                "SELECT * FROM mood_minutes WHERE minute = ?", (agg.minute,)
            ).fetchone()
            scores = dict(agg.scores_sum)
            samples, face, vsum, csum = (
                agg.samples,
                agg.face_samples,
                agg.valence_sum,
                agg.confidence_sum,
            )
            dominant = agg.dominant
            if row is not None:
                for name, value in json.loads(row["scores_sum"]).items():
                    scores[name] = scores.get(name, 0.0) + value
                samples += row["samples"]
                face += row["face_samples"]
                vsum += row["valence_sum"]
                csum += row["confidence_sum"]
                if row["face_samples"] > agg.face_samples:
                    dominant = row["dominant"]
            conn.execute(
                "INSERT OR REPLACE INTO mood_minutes VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    agg.minute,
                    samples,
                    face,
                    vsum,
                    csum,
                    json.dumps({k: round(v, 3) for k, v in scores.items()}, separators=(",", ":")),
                    dominant,
                ),
            )

    def add_checkin(
        self, t: float, emotion: str, duration_s: float, confidence: float, reason: str
    ) -> int:
        with self._tx() as conn:
            cur = conn.execute(
                "INSERT INTO checkins (t, emotion, duration_s, confidence, reason) "
                "VALUES (?, ?, ?, ?, ?)",
                (t, emotion, duration_s, confidence, reason),
            )
            return int(cur.lastrowid or 0)

    def add_conversation(
        self,
        t: float,
        outcome: str,
        trigger: str = "",
        turns: int = 0,
        transcript: tuple[tuple[str, str], ...] | None = None,
    ) -> int:
        """Record how a conversation ended; link it to the open check-in that started it.

        `transcript` is stored only when given; the caller decides (privacy.keep_transcripts).
        """
        with self._tx() as conn:
            open_checkin = None
            if trigger != "user":  # "user": the user asked to talk (tray "Talk now")
                open_checkin = conn.execute(
                    "SELECT id FROM checkins WHERE outcome IS NULL AND t >= ? AND t <= ? "
                    "ORDER BY t DESC LIMIT 1",
                    (t - CHECKIN_LINK_S, t + 1),
                ).fetchone()
            checkin_id = open_checkin["id"] if open_checkin else None
            cur = conn.execute(
                "INSERT INTO conversations (t, outcome, trigger, turns, checkin_id) "
                "VALUES (?, ?, ?, ?, ?)",
                (t, outcome, trigger, turns, checkin_id),
            )
            conv_id = int(cur.lastrowid or 0)
            if checkin_id is not None:
                conn.execute(
                    "UPDATE checkins SET outcome = ?, ended_t = ? WHERE id = ?",
                    (outcome, t, checkin_id),
                )
            for seq, (speaker, text) in enumerate(transcript or ()):
                conn.execute(
                    "INSERT INTO transcript_lines (conversation_id, seq, speaker, text) "
                    "VALUES (?, ?, ?, ?)",
                    (conv_id, seq, speaker, text),
                )
            return conv_id

    def prune(self, retention_days: int, now: float | None = None) -> int:
        """Delete everything older than `retention_days`; returns the rows removed."""
        cutoff = (time.time() if now is None else now) - retention_days * 86400
        removed = 0
        with self._tx() as conn:
            removed += conn.execute("DELETE FROM mood_minutes WHERE minute < ?", (cutoff,)).rowcount
            removed += conn.execute("DELETE FROM conversations WHERE t < ?", (cutoff,)).rowcount
            removed += conn.execute("DELETE FROM checkins WHERE t < ?", (cutoff,)).rowcount
        return removed

    def delete_transcripts(self) -> int:
        """Drop every transcript line (when the user turns keeping transcripts off)."""
        with self._tx() as conn:
            return conn.execute("DELETE FROM transcript_lines").rowcount

    def forget(self) -> None:
        """Delete every row, then VACUUM so the deleted bytes leave the file too."""
        with self._tx() as conn:
            for table in _TABLES:
                conn.execute(f"DELETE FROM {table}")
            conn.execute("DELETE FROM sqlite_sequence")
        with self._lock:
            self.generation += 1
            self._conn.execute("VACUUM")
            self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    # -- reads ----------------------------------------------------------------------------

    def minutes(self, start: float, end: float) -> list[dict[str, Any]]:
        """Mood per minute in [start, end): means over the face samples of each minute."""
        rows = self._query(
            "SELECT * FROM mood_minutes WHERE minute >= ? AND minute < ? ORDER BY minute",
            (start, end),
        )
        out = []
        for row in rows:
            face = row["face_samples"]
            scores = json.loads(row["scores_sum"])
            out.append(
                {
                    "minute": row["minute"],
                    "samples": row["samples"],
                    "face_fraction": face / row["samples"] if row["samples"] else 0.0,
                    "valence": row["valence_sum"] / face if face else None,
                    "confidence": row["confidence_sum"] / face if face else None,
                    "scores": {k: v / face for k, v in scores.items()} if face else {},
                    "dominant": row["dominant"],
                }
            )
        return out

    def checkins(self, start: float = 0.0, end: float = float("inf")) -> list[dict[str, Any]]:
        return self._query("SELECT * FROM checkins WHERE t >= ? AND t < ? ORDER BY t", (start, end))

    def conversations(
        self, start: float = 0.0, end: float = float("inf"), with_transcripts: bool = False
    ) -> list[dict[str, Any]]:
        convs = self._query(
            "SELECT * FROM conversations WHERE t >= ? AND t < ? ORDER BY t", (start, end)
        )
        if with_transcripts:
            for conv in convs:
                conv["transcript"] = [
                    (r["speaker"], r["text"])
                    for r in self._query(
                        "SELECT speaker, text FROM transcript_lines "
                        "WHERE conversation_id = ? ORDER BY seq",
                        (conv["id"],),
                    )
                ]
        return convs

    def counts(self) -> dict[str, int]:
        """Rows per table: shown on the privacy page so the user sees what is kept."""
        return {
            table: int(self._query(f"SELECT COUNT(*) AS n FROM {table}")[0]["n"])
            for table in reversed(_TABLES)
        }

    def integrity_ok(self) -> bool:
        return self._query("PRAGMA integrity_check")[0]["integrity_check"] == "ok"

    def size_bytes(self) -> int:
        return sum(p.stat().st_size for p in (self.path, Path(f"{self.path}-wal")) if p.exists())
