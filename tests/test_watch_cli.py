"""`companion watch` as users run it: JSON lines, check-ins on real faces, clean errors, stops."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from companion.cli import main
from companion.mood import NEGATIVE
from companion.paths import REPO_ROOT

sys.path.insert(0, str(REPO_ROOT / "tools"))
import make_fer_video

COMPANION = REPO_ROOT / ".venv" / "bin" / "companion"
EVENT_TYPES = {"mood", "checkin", "checkin_suppressed", "camera"}


@pytest.fixture(scope="session")
def fer_videos(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.getbasetemp() / "fer_videos"
    return {label: make_fer_video.cached_video(folder, label, 90) for label in ("sad", "happy")}


@pytest.fixture
def user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Settings and data in tmp, for in-process runs and subprocesses alike."""
    env = {
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
    }
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return {**os.environ, **env}


def run_cli(args: list[str], env: dict[str, str], timeout: float = 120):
    started = time.monotonic()
    result = subprocess.run(
        [str(COMPANION), *args], env=env, capture_output=True, text=True, timeout=timeout
    )
    return result, time.monotonic() - started


def json_lines(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines()]


def test_sad_video_json_lines_with_one_checkin(
    fer_videos: dict[str, Path], user_dirs: dict[str, str]
) -> None:
    result, elapsed = run_cli(["watch", "--source", str(fer_videos["sad"]), "--json"], user_dirs)
    assert result.returncode == 0, result.stderr
    events = json_lines(result.stdout)
    assert {e["type"] for e in events} <= EVENT_TYPES
    checkins = [e for e in events if e["type"] == "checkin"]
    assert len(checkins) == 1
    checkin = checkins[0]
    assert checkin["emotion"] in NEGATIVE
    assert 60 <= checkin["t"] <= 90 and checkin["duration_s"] >= 60
    assert 0 < checkin["confidence"] <= 1 and checkin["reason"]
    moods = [e for e in events if e["type"] == "mood"]
    times = [m["t"] for m in moods]
    assert times == sorted(times) and 85 <= times[-1] <= 90  # the video's own clock
    assert 80 <= len(moods) <= 92
    assert set(moods[-1]["scores"]) == {
        "angry",
        "disgust",
        "fear",
        "happy",
        "sad",
        "surprise",
        "neutral",
    }
    # 90 s of video on its own clock, not in real time (a loose bound: the CI box is busy).
    assert elapsed < 60, elapsed


def test_happy_video_in_process_no_checkin(
    fer_videos: dict[str, Path], user_dirs: dict[str, str], capsys: pytest.CaptureFixture
) -> None:
    assert main(["watch", "--source", str(fer_videos["happy"]), "--json"]) == 0
    events = json_lines(capsys.readouterr().out)
    assert not [e for e in events if e["type"].startswith("checkin")]
    assert sum(e["type"] == "mood" for e in events) >= 80


def test_human_readable_output(
    fer_videos: dict[str, Path], user_dirs: dict[str, str], capsys: pytest.CaptureFixture
) -> None:
    assert main(["watch", "--source", str(fer_videos["sad"])]) == 0
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert sum("CHECK-IN:" in line for line in lines) == 1
    assert any(" mood " in line and "valence" in line for line in lines)
    assert captured.err == ""  # silent and quiet: no notes, no library chatter


def test_settings_file_is_used(
    fer_videos: dict[str, Path],
    user_dirs: dict[str, str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture,
) -> None:
    """A 20 s window from --settings brings the check-in forward; a cap of 0 holds it back."""
    short = tmp_path / "short.toml"
    short.write_text("[mood]\nwindow_s = 20\n")
    assert (
        main(
            [
                "watch",
                "--source",
                str(fer_videos["sad"]),
                "--json",
                "--settings",
                str(short),
            ]
        )
        == 0
    )
    checkins = [e for e in json_lines(capsys.readouterr().out) if e["type"] == "checkin"]
    assert checkins and checkins[0]["t"] < 50
    capped = Path(user_dirs["XDG_CONFIG_HOME"]) / "companion" / "settings.toml"
    capped.parent.mkdir(parents=True)
    capped.write_text("[mood]\ndaily_cap = 0\n")  # the user's own settings file
    assert main(["watch", "--source", str(fer_videos["sad"]), "--json"]) == 0
    events = json_lines(capsys.readouterr().out)
    assert not [e for e in events if e["type"] == "checkin"]
    held = [e for e in events if e["type"] == "checkin_suppressed"]
    assert held and held[0]["reason"].startswith("daily_cap:")


def test_ctrl_c_stops_cleanly(fer_videos: dict[str, Path], user_dirs: dict[str, str]) -> None:
    process = subprocess.Popen(
        [str(COMPANION), "watch", "--source", str(fer_videos["sad"]), "--json"],
        env=user_dirs,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    first = process.stdout.readline()  # the camera "ok" line: it is watching
    assert json.loads(first)["type"] == "camera"
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0
    assert "Traceback" not in err
    for line in out.splitlines():
        json.loads(line)  # every line written is whole


def test_output_closed_early_is_not_an_error(
    fer_videos: dict[str, Path], user_dirs: dict[str, str]
) -> None:
    result = subprocess.run(
        f"'{COMPANION}' watch --source '{fer_videos['sad']}' --json | head -n 3",
        shell=True,
        env=user_dirs,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert len(result.stdout.splitlines()) == 3
    assert "Traceback" not in result.stderr and "companion: error" not in result.stderr


@pytest.mark.parametrize(
    ("make", "code", "words"),
    [
        (lambda d: d / "missing.mp4", 2, "no such file"),
        (lambda d: _write(d / "empty.mp4", b""), 2, "empty"),
        (
            lambda d: _write(d / "corrupt.mp4", b"not a video at all" * 100),
            2,
            "not a readable video",
        ),
        (lambda d: _write(d / "notes.txt", b"hello"), 2, "unknown file type"),
        (lambda d: d, 2, "is a directory"),
        (lambda d: "9", 3, "camera 9 is not available"),
    ],
)
def test_bad_source_is_one_line(
    tmp_path: Path, user_dirs: dict[str, str], make, code: int, words: str
) -> None:
    result, _ = run_cli(["watch", "--source", str(make(tmp_path))], user_dirs)
    assert result.returncode == code
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("companion: error:") and words in lines[0]


def test_missing_settings_file_is_one_line(
    tmp_path: Path, user_dirs: dict[str, str], capsys: pytest.CaptureFixture
) -> None:
    code = main(["watch", "--source", "0", "--settings", str(tmp_path / "none.toml")])
    assert code == 2
    assert capsys.readouterr().err.strip() == (
        f"companion: error: {tmp_path / 'none.toml'}: no such settings file"
    )


def test_default_source_comes_from_settings(
    tmp_path: Path, user_dirs: dict[str, str], capsys: pytest.CaptureFixture
) -> None:
    settings = Path(user_dirs["XDG_CONFIG_HOME"]) / "companion" / "settings.toml"
    settings.parent.mkdir(parents=True)
    settings.write_text(f'[camera]\nsource = "{tmp_path / "absent.mp4"}"\n')
    assert main(["watch"]) == 2
    assert "absent.mp4: no such file" in capsys.readouterr().err


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
