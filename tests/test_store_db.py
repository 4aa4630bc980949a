"""The SQLite store: what it records from bus events, retention, export, forget, durability."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from companion.bus import EventBus
from companion.config import PrivacySettings
from companion.errors import UserError
from companion.events import CheckIn, ConversationEnded, MoodUpdate
from companion.store import MinuteAggregate, Store, StoreRecorder, export, forget_everything

REPO = Path(__file__).resolve().parents[1]


class Clock:
    def __init__(self, t: float) -> None:
        self.t = t

    def __call__(self) -> float:
        return self.t


def mood(valence: float, dominant: str = "neutral", face: bool = True) -> MoodUpdate:
    return MoodUpdate(
        t=0.0,
        scores={"neutral": 0.5, "sad": max(0.0, -valence), "happy": max(0.0, valence)},
        valence=valence,
        confidence=0.8,
        face_present=face,
        dominant=dominant if face else "",
    )


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store(tmp_path / "data" / "companion.db")
    yield s
    s.close()


def test_new_database_is_wal_private_and_empty(store: Store) -> None:
    assert store.counts() == {
        "transcript_lines": 0,
        "conversations": 0,
        "checkins": 0,
        "mood_minutes": 0,
    }
    conn = sqlite3.connect(store.path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert oct(store.path.stat().st_mode & 0o777) == "0o600"
    assert store.integrity_ok()


def test_recorder_aggregates_mood_per_minute(store: Store) -> None:
    bus, clock = EventBus(), Clock(6000.0)  # minute 6000 = 100 * 60
    recorder = StoreRecorder(store, PrivacySettings(), clock=clock).attach(bus)
    for v in (-0.5, -0.3, -0.1):
        bus.publish(mood(v, "sad"))
        clock.t += 10
    bus.publish(mood(0.0, face=False))  # no face: counted as a sample, not in the means
    assert store.minutes(0, 1e12) == []  # still in memory: the minute is not over
    clock.t = 6061.0
    bus.publish(mood(0.6, "happy"))  # next minute starts → the first is written
    rows = store.minutes(0, 1e12)
    assert len(rows) == 1
    row = rows[0]
    assert row["minute"] == 6000
    assert row["samples"] == 4
    assert row["face_fraction"] == pytest.approx(0.75)
    assert row["valence"] == pytest.approx(-0.3)
    assert row["dominant"] == "sad"
    assert row["scores"]["sad"] == pytest.approx(0.3)
    recorder.flush()
    rows = store.minutes(0, 1e12)
    assert [r["minute"] for r in rows] == [6000, 6060]
    assert rows[1]["dominant"] == "happy"


def test_minute_in_progress_is_dropped_by_forget(store: Store, tmp_path: Path) -> None:
    bus, clock = EventBus(), Clock(6000.0)
    recorder = StoreRecorder(store, PrivacySettings(), clock=clock).attach(bus)
    bus.publish(mood(-0.5, "sad"))
    forget_everything(store, tmp_path / "data")
    clock.t = 6060.0
    bus.publish(mood(0.2))  # closes the minute that began before "delete everything"
    assert store.minutes(0, 1e12) == []
    recorder.flush()  # the new minute is kept
    assert [m["minute"] for m in store.minutes(0, 1e12)] == [6060]


def test_restart_within_a_minute_merges_instead_of_overwriting(store: Store) -> None:
    agg = MinuteAggregate(600, 10, 10, -5.0, 8.0, {"sad": 5.0}, "sad")
    store.add_minute(agg)
    store.add_minute(MinuteAggregate(600, 10, 10, 5.0, 8.0, {"happy": 5.0}, "happy"))
    (row,) = store.minutes(0, 1e9)
    assert row["samples"] == 20
    assert row["valence"] == pytest.approx(0.0)
    assert row["scores"] == {"sad": 0.25, "happy": 0.25}


def test_checkin_and_how_it_ended(store: Store) -> None:
    bus, clock = EventBus(), Clock(10_000.0)
    StoreRecorder(store, PrivacySettings(), clock=clock).attach(bus)
    bus.publish(CheckIn(t=1.0, emotion="sad", duration_s=75.0, confidence=0.8, reason="sustained"))
    clock.t += 120
    bus.publish(
        ConversationEnded(
            t=2.0,
            outcome="declined",
            trigger="checkin:sad",  # the dialogue manager's label
            turns=1,
            transcript=(("companion", "Want to talk?"), ("user", "Not now.")),
        )
    )
    (checkin,) = store.checkins()
    assert checkin["emotion"] == "sad" and checkin["outcome"] == "declined"
    (conv,) = store.conversations(with_transcripts=True)
    assert conv["checkin_id"] == checkin["id"]
    assert conv["transcript"] == []  # keep_transcripts is off by default: no words stored
    assert store.counts()["transcript_lines"] == 0


def test_transcripts_kept_only_when_opted_in(store: Store) -> None:
    bus, privacy = EventBus(), PrivacySettings(keep_transcripts=True)
    StoreRecorder(store, privacy, clock=Clock(500.0)).attach(bus)
    lines = (("companion", "你好，想聊聊吗？"), ("user", "好的"))
    bus.publish(
        ConversationEnded(t=0.0, outcome="completed", trigger="user", turns=2, transcript=lines)
    )
    (conv,) = store.conversations(with_transcripts=True)
    assert conv["transcript"] == list(lines)
    assert conv["checkin_id"] is None  # "talk now" is not a check-in's answer
    privacy.keep_transcripts = False  # the user turns it off: the next one has no words
    bus.publish(ConversationEnded(t=0.0, outcome="completed", turns=2, transcript=lines))
    assert store.counts()["transcript_lines"] == 2
    assert store.delete_transcripts() == 2


def test_retention_removes_only_old_records(store: Store) -> None:
    day = 86400
    now = 100 * day
    for t in (now - 31 * day, now - 29 * day):
        store.add_minute(MinuteAggregate(int(t // 60 * 60), 1, 1, 0.1, 0.9, {}, "neutral"))
        store.add_checkin(t, "sad", 60, 0.8, "sustained")
        store.add_conversation(t + 60, "completed", "checkin", 3, (("user", "hi"),))
    removed = store.prune(30, now)
    assert removed == 3  # minute, check-in, conversation (its transcript line cascades)
    assert len(store.minutes(0, 1e12)) == 1
    assert [c["t"] for c in store.checkins()] == [now - 29 * day]
    assert store.counts()["transcript_lines"] == 1


def test_recorder_prunes_with_the_live_retention_setting(store: Store) -> None:
    old = 1000 * 60
    store.add_checkin(old, "sad", 60, 0.8, "sustained")
    bus, clock = EventBus(), Clock(old + 3 * 86400)
    privacy = PrivacySettings(retention_days=2)
    StoreRecorder(store, privacy, clock=clock).attach(bus)
    bus.publish(mood(0.1))
    clock.t += 60
    bus.publish(mood(0.1))  # a minute closes → retention runs
    assert store.checkins() == []


def test_export_json_and_csv(store: Store) -> None:
    store.add_minute(MinuteAggregate(1_700_000_040, 60, 30, -9.0, 24.0, {"sad": 12.0}, "sad"))
    store.add_checkin(1_700_000_100, "sad", 80, 0.8, "sustained")
    store.add_conversation(
        1_700_000_200,
        "completed",
        "checkin",
        2,
        (("companion", "Shall we breathe together?"), ("user", "ok, 好")),
    )
    data = json.loads(export(store, "json"))
    assert data["app"] == "companion"
    assert data["mood_minutes"][0]["valence"] == pytest.approx(-0.3)
    assert data["checkins"][0]["outcome"] == "completed"
    assert data["conversations"][0]["transcript"][1] == ["user", "ok, 好"]
    rows = list(csv.DictReader(io.StringIO(export(store, "csv"))))
    assert [r["record"] for r in rows] == [
        "mood_minute",
        "checkin",
        "conversation",
        "transcript_line",
        "transcript_line",
    ]
    assert rows[0]["time_utc"] == "2023-11-14T22:14:00+00:00"
    assert rows[-1]["text"] == "ok, 好"


def test_forget_removes_rows_baseline_and_keeps_settings(tmp_path: Path, store: Store) -> None:
    data_dir = tmp_path / "data"
    (data_dir / "baseline.json").write_text("{}")
    (data_dir / "vosk-model-small-en").mkdir()  # installed speech model: software, kept
    settings_file = tmp_path / "settings.toml"
    settings_file.write_text('[general]\nlanguage = "zh"\n')
    store.add_checkin(5.0, "sad", 60, 0.8, "x")
    store.add_conversation(10.0, "completed", "checkin", 1, (("user", "secret words"),))
    removed = forget_everything(store, data_dir, settings_file)
    assert removed[0] == "3 history records"
    assert "baseline.json" in removed
    assert set(store.counts().values()) == {0}
    assert not (data_dir / "baseline.json").exists()
    assert (data_dir / "vosk-model-small-en").is_dir()
    assert settings_file.exists()
    store.close()
    assert b"secret words" not in store.path.read_bytes()  # vacuumed: the bytes are gone too
    forget_everything(Store(store.path), data_dir, settings_file, include_settings=True)
    assert not settings_file.exists()


def test_unreadable_database_is_a_one_line_user_error(tmp_path: Path) -> None:
    bad = tmp_path / "companion.db"
    bad.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(UserError, match="unreadable"):
        Store(bad)


def test_killed_mid_write_leaves_an_intact_database(tmp_path: Path) -> None:
    """SIGKILL a writer in a tight loop; the reopened file is consistent and complete."""
    db = tmp_path / "companion.db"
    writer = textwrap.dedent(
        f"""
        import sys
        from companion.store import Store
        store = Store({str(db)!r})
        i = 0
        while True:
            store.add_conversation(float(i), "completed", "checkin", i % 7,
                                   tuple(("user", f"line {{i}} {{k}}") for k in range(i % 7)))
            i += 1
            print(i, flush=True)
        """
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", writer], cwd=REPO, stdout=subprocess.PIPE, text=True
    )
    committed = 0
    assert proc.stdout is not None
    for line in proc.stdout:
        committed = int(line)
        if committed >= 300:
            break
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    store = Store(db)
    assert store.integrity_ok()
    convs = store.conversations(with_transcripts=True)
    assert len(convs) >= committed  # everything reported as committed survived
    for conv in convs:  # and no conversation is missing part of its transcript
        assert len(conv["transcript"]) == conv["turns"]
    store.close()
