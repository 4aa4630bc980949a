"""Settings file: corrupt files set aside, bad values fall back, writes are atomic."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from companion import config
from companion.config import Settings, describe, load_settings, save_settings
from companion.errors import UserError


def test_missing_file_gives_defaults(tmp_path: Path) -> None:
    assert load_settings(tmp_path / "settings.toml") == Settings()


def test_round_trip_keeps_every_value(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    s = Settings()
    s.set("general.language", "zh")
    s.set("mood.quiet_hours", "22:00-08:00")
    s.set("voice.rate", "180")
    s.set("general.user_name", 'Ann "A" \\ Lee')
    save_settings(s, path)
    assert load_settings(path) == s


def test_corrupt_file_is_backed_up_and_defaults_used(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "settings.toml"
    path.write_text("[general\nlanguage = zh = en\n")
    with caplog.at_level(logging.WARNING):
        settings = load_settings(path)
    assert settings == Settings()
    assert not path.exists()
    (backup,) = tmp_path.glob("settings.toml.corrupt-*")
    assert backup.read_text() == "[general\nlanguage = zh = en\n"
    assert "unreadable" in caplog.text


def test_binary_garbage_is_treated_as_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_bytes(b"\xff\xfe\x00garbage")
    assert load_settings(path) == Settings()
    assert len(list(tmp_path.glob("settings.toml.corrupt-*"))) == 1


def test_invalid_value_falls_back_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(
        '[mood]\nwindow_s = 5\nsensitivity = 0.7\n[general]\nlanguage = "fr"\n'
        '[voice]\nrate = "fast"\n[nonsense]\nx = 1\nscalar = 3\n'
    )
    with caplog.at_level(logging.WARNING):
        settings = load_settings(path)
    assert settings.mood.window_s == 60.0  # below min → default
    assert settings.mood.sensitivity == 0.7  # the valid neighbour is kept
    assert settings.general.language == "en"
    assert settings.voice.rate == 165
    assert "mood.window_s must be between 10 and 1800" in caplog.text
    assert "general.language must be one of en, zh" in caplog.text
    assert "unknown setting 'nonsense.x'" in caplog.text
    assert path.exists()  # a bad value is not a corrupt file


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("mood.cooldown_min", 0, "between"),
        ("voice.rate", 1.5, "must be a int"),
        ("general.start_at_login", "maybe", "must be a bool"),
        ("mood.quiet_hours", "late", "wrong form"),
        ("nope.key", 1, "unknown setting"),
    ],
)
def test_set_rejects_bad_values(key: str, value: object, message: str) -> None:
    s = Settings()
    with pytest.raises(UserError, match=message):
        s.set(key, value)
    if key != "nope.key":
        assert s.get(key) == Settings().get(key)


def test_write_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "settings.toml"
    first = Settings()
    first.set("general.language", "zh")
    save_settings(first, path)
    before = path.read_text()

    def crash(*_args: object) -> None:
        raise OSError("disk full")

    second = Settings()
    second.set("voice.rate", 200)
    monkeypatch.setattr(config.os, "replace", crash)
    with pytest.raises(OSError, match="disk full"):
        save_settings(second, path)
    assert path.read_text() == before  # the old file is whole
    assert [p.name for p in tmp_path.iterdir()] == ["settings.toml"]  # no temp left behind
    monkeypatch.undo()
    save_settings(second, path)
    assert load_settings(path).voice.rate == 200


def test_describe_lists_every_key_with_its_rules() -> None:
    rows = {row["key"]: row for row in describe()}
    assert rows["mood.window_s"]["min"] == 10 and rows["mood.window_s"]["type"] == "float"
    assert rows["general.language"]["choices"] == ("en", "zh")
    assert rows["general.start_at_login"]["default"] is False
    assert "privacy.retention_days" in rows
