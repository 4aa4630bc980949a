"""`companion export` and `companion forget` as the user runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from companion.cli import main
from companion.store import Store

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    with Store() as store:
        store.add_checkin(1_700_000_000.0, "sad", 70, 0.8, "sustained")
        store.add_conversation(1_700_000_100.0, "completed", "checkin", 1, (("user", "hi"),))
    return tmp_path


def test_export_json_to_stdout(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["checkins"][0]["emotion"] == "sad"


def test_export_csv_to_file(home: Path) -> None:
    out = home / "history.csv"
    assert main(["export", "--format", "csv", "--out", str(out)]) == 0
    assert out.read_text().splitlines()[0].startswith("record,time_utc,")
    assert "checkin" in out.read_text()


def test_export_to_missing_folder_is_one_line(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "--out", str(home / "nope" / "x.json")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("companion: error: --out: folder") and err.count("\n") == 1


def test_forget_refuses_without_a_terminal_or_yes(home: Path) -> None:
    env = {
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "PATH": "/usr/bin:/bin",
    }
    proc = subprocess.run(
        [sys.executable, "-m", "companion", "forget"],
        cwd=REPO,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2
    assert proc.stderr == "companion: error: refusing to delete without confirmation; pass --yes\n"
    with Store() as store:
        assert store.counts()["checkins"] == 1  # nothing was deleted


def test_forget_asks_and_respects_no(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda _prompt: "n")
    assert main(["forget"]) == 1
    with Store() as store:
        assert store.counts()["checkins"] == 1


def test_forget_yes_deletes(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    baseline = home / "data" / "companion" / "baseline.json"
    baseline.write_text("{}")
    assert main(["forget", "--yes"]) == 0
    assert "baseline.json" in capsys.readouterr().out
    assert not baseline.exists()
    with Store() as store:
        assert set(store.counts().values()) == {0}
