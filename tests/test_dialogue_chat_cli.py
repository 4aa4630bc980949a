"""`companion chat` scripted through a pipe, in both languages, as a user would run it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def chat(
    lines: list[str], tmp_path: Path, *args: str, settings: str = ""
) -> subprocess.CompletedProcess[str]:
    config = tmp_path / "config"
    (config / "companion").mkdir(parents=True, exist_ok=True)
    if settings:
        (config / "companion" / "settings.toml").write_text(settings, encoding="utf-8")
    env = {
        **os.environ,
        "XDG_CONFIG_HOME": str(config),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "PYTHONIOENCODING": "utf-8",
    }
    return subprocess.run(
        [sys.executable, "-m", "companion", "chat", *args],
        input="".join(f"{line}\n" for line in lines),
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=120,
    )


def replies(proc: subprocess.CompletedProcess[str]) -> list[str]:
    return [
        line[len("companion> ") :]
        for line in proc.stdout.splitlines()
        if line.startswith("companion> ")
    ]


def test_english_chat_with_decline(tmp_path: Path) -> None:
    proc = chat(["i had an awful day", "my boss yelled at me again", "no thanks"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    said = replies(proc)
    assert len(said) == 4  # opening, reflect, reflect + offer, decline
    assert "breathing" in said[2]
    assert "you> no thanks" in proc.stdout


def test_chinese_chat_crisis_uses_locale_hotline(tmp_path: Path) -> None:
    proc = chat(
        ["我最近很难过", "我不想活了"],
        tmp_path,
        "--lang",
        "zh",
        settings='[general]\nlocale = "CN"\n',
    )
    assert proc.returncode == 0, proc.stderr
    said = replies(proc)
    assert said[0] in (
        "你好，我在呢。想聊点什么？",
        "我在听。你现在感觉怎么样？",
        "你好。慢慢说，你现在感觉怎么样？",
    )
    assert "12356" in said[-1]


def test_empty_lines_are_silence_and_end_gracefully(tmp_path: Path) -> None:
    proc = chat(["", ""], tmp_path, settings='[general]\nuser_name = "Sam"\n')
    assert proc.returncode == 0, proc.stderr
    said = replies(proc)
    assert len(said) == 3
    assert "Sam" in said[0]


def test_end_of_input_mid_conversation_exits_zero(tmp_path: Path) -> None:
    proc = chat(["i feel a bit down"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert len(replies(proc)) == 2
    proc = chat([], tmp_path)
    assert proc.returncode == 0 and len(replies(proc)) == 1


def test_music_without_audio_device_degrades(tmp_path: Path) -> None:
    proc = chat(["play some music", "bye"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    said = replies(proc)
    if "can't play music" in said[1]:
        assert "audio output" in said[1]
    else:  # a machine with speakers
        assert "music" in said[1].lower()


def test_speak_without_speakers_is_one_line(tmp_path: Path) -> None:
    proc = chat(["bye"], tmp_path, "--speak")
    assert proc.returncode == 0, proc.stderr
    notes = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(notes) <= 1
    if notes:
        assert notes[0].startswith("companion: ") and "printed only" in notes[0]
    assert len(replies(proc)) == 2


def test_corrupt_settings_value_still_chats(tmp_path: Path) -> None:
    proc = chat(["bye"], tmp_path, settings='[dialogue]\nmax_turns = "many"\n')
    assert proc.returncode == 0
    assert len(replies(proc)) == 2


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_in_process_chat(
    lang: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import io

    from companion.cli import main

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    monkeypatch.setattr(sys, "stdin", io.StringIO("bye\n" if lang == "en" else "再见\n"))
    assert main(["chat", "--lang", lang]) == 0
    out = capsys.readouterr().out
    assert out.count("companion> ") == 2
