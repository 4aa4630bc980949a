"""Settings: one TOML file in the user config dir, every value validated, written atomically.

Why this shape: each component owns one section (a dataclass below); the file mirrors
those sections, so users can edit it by hand and the dashboard can change one value at a
time with the same validation. A corrupt file never stops the app: it is set aside as a
backup and defaults are used.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from companion import paths
from companion.errors import UserError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

log = logging.getLogger(__name__)
SETTINGS_FILE = "settings.toml"
_HHMM_RANGE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$")


def _opt(default: Any, help: str, **rules: Any) -> Any:
    """A settings field with its help text and validation rules (min, max, choices, pattern)."""
    return field(default=default, metadata={"help": help, **rules})


@dataclass
class GeneralSettings:
    language: str = _opt("en", "Language of speech and replies", choices=("en", "zh"))
    user_name: str = _opt("", "How the companion addresses you (empty: no name)")
    locale: str = _opt("INTL", "Region for crisis hotlines", choices=("CN", "US", "GB", "INTL"))
    start_at_login: bool = _opt(False, "Start companion when you log in")


@dataclass
class CameraSettings:
    source: str = _opt("0", "Camera index, or a video file path")
    fps_face: float = _opt(3.0, "Frames analysed per second with a face in view", min=0.2, max=15)
    fps_idle: float = _opt(1.0, "Frames analysed per second with no face", min=0.1, max=5)


@dataclass
class MoodSettings:
    window_s: float = _opt(60.0, "Seconds of negative mood before a check-in", min=10, max=1800)
    sensitivity: float = _opt(
        0.5, "How readily negative faces count (0 strict, 1 eager)", min=0.0, max=1.0
    )
    gap_tolerance_s: float = _opt(
        10.0, "Seconds the face may be away without resetting the window", min=0, max=300
    )
    cooldown_min: float = _opt(30.0, "Minutes between check-ins", min=1, max=1440)
    decline_cooldown_min: float = _opt(120.0, "Minutes of quiet after you decline", min=1, max=2880)
    daily_cap: int = _opt(4, "Most check-ins per day", min=0, max=50)
    quiet_hours: str = _opt(
        "", "No check-ins in this span, e.g. 22:00-08:00 (empty: none)", pattern=_HHMM_RANGE
    )
    learn_baseline: bool = _opt(True, "Learn your resting expression over time")


@dataclass
class VoiceSettings:
    enabled: bool = _opt(True, "Speak and listen during check-ins")
    rate: int = _opt(165, "Speaking rate in words per minute", min=80, max=300)
    volume: float = _opt(0.9, "Speaking volume", min=0.0, max=1.0)
    voice_en: str = _opt("", "TTS voice id for English (empty: automatic)")
    voice_zh: str = _opt("", "TTS voice id for Chinese (empty: automatic)")
    vosk_model_en: str = _opt("", "Folder of an English Vosk model (empty: search)")
    vosk_model_zh: str = _opt("", "Folder of a Chinese Vosk model (empty: search)")
    microphone: str = _opt("", "Microphone device name or index (empty: default)")
    end_silence_ms: int = _opt(
        300, "Pause (ms) that ends your turn; longer if you get cut off", min=150, max=2000
    )


@dataclass
class DialogueSettings:
    llm_model_path: str = _opt("", "Folder of a local text model for replies (empty: templates)")
    llm_timeout_s: float = _opt(2.0, "Seconds before falling back to templates", min=0.2, max=10)
    max_turns: int = _opt(8, "Most exchanges in one conversation", min=1, max=40)
    silence_timeout_s: float = _opt(
        12.0, "Seconds of silence before a gentle prompt", min=3, max=120
    )


@dataclass
class CareSettings:
    music_folder: str = _opt("", "Folder of your calming music (empty: built-in soundscape)")
    music_minutes: float = _opt(10.0, "Minutes of calming music", min=1, max=120)
    breathing_pattern: str = _opt(
        "4-7-8", "Guided breathing: 4-7-8 or box (4-4-4-4)", choices=("4-7-8", "box")
    )
    breathing_cycles: int = _opt(4, "Breaths in one guided exercise", min=1, max=12)


@dataclass
class PrivacySettings:
    keep_transcripts: bool = _opt(False, "Keep conversation transcripts")
    retention_days: int = _opt(30, "Days of history to keep", min=1, max=3650)


@dataclass
class Settings:
    general: GeneralSettings = field(default_factory=GeneralSettings)
    camera: CameraSettings = field(default_factory=CameraSettings)
    mood: MoodSettings = field(default_factory=MoodSettings)
    voice: VoiceSettings = field(default_factory=VoiceSettings)
    dialogue: DialogueSettings = field(default_factory=DialogueSettings)
    care: CareSettings = field(default_factory=CareSettings)
    privacy: PrivacySettings = field(default_factory=PrivacySettings)

    def get(self, key: str) -> Any:
        """Value of a dotted key such as "mood.window_s"."""
        section, name = _split_key(self, key)
        return getattr(section, name)

    def set(self, key: str, value: Any) -> None:
        """Validate and set one dotted key; raises UserError with a one-line reason."""
        section, name = _split_key(self, key)
        spec = next(f for f in dataclasses.fields(section) if f.name == name)
        setattr(section, name, validate_value(key, spec, value))

    def to_dict(self) -> dict[str, dict[str, Any]]:
        return dataclasses.asdict(self)


def describe() -> list[dict[str, Any]]:
    """Every setting with its type, default, help and rules (for the dashboard form)."""
    rows = []
    for section in dataclasses.fields(Settings):
        for spec in dataclasses.fields(section.default_factory()):  # type: ignore[misc]
            rules = {k: v for k, v in spec.metadata.items() if k in ("min", "max", "choices")}
            rows.append(
                {
                    "key": f"{section.name}.{spec.name}",
                    "type": type(spec.default).__name__,
                    "default": spec.default,
                    "help": spec.metadata.get("help", ""),
                    **rules,
                }
            )
    return rows


def _split_key(settings: Settings, key: str) -> tuple[Any, str]:
    section_name, _, name = key.partition(".")
    section = getattr(settings, section_name, None)
    if section is None or not dataclasses.is_dataclass(section) or not hasattr(section, name):
        raise UserError(f"unknown setting {key!r}")
    return section, name


def validate_value(key: str, spec: dataclasses.Field, value: Any) -> Any:
    """Coerce `value` to the field's type and check its rules; UserError if it does not fit."""
    kind = type(spec.default)
    rules = spec.metadata
    try:
        if kind is bool:
            if isinstance(value, str) and value.lower() in ("true", "false", "1", "0", "yes", "no"):
                value = value.lower() in ("true", "1", "yes")
            elif not isinstance(value, bool):
                raise TypeError
        elif kind is int:
            if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
                raise TypeError
            value = int(value)
        elif kind is float:
            if isinstance(value, bool):
                raise TypeError
            value = float(value)
        elif kind is str:
            if not isinstance(value, str):
                raise TypeError
            value = value.strip()
    except (TypeError, ValueError):
        raise UserError(f"setting {key} must be a {kind.__name__} (got {value!r})") from None
    if ("min" in rules and value < rules["min"]) or ("max" in rules and value > rules["max"]):
        raise UserError(
            f"setting {key} must be between {rules['min']} and {rules['max']} (got {value})"
        )
    if "choices" in rules and value not in rules["choices"]:
        raise UserError(
            f"setting {key} must be one of {', '.join(rules['choices'])} (got {value!r})"
        )
    if "pattern" in rules and value and not rules["pattern"].match(value):
        raise UserError(f"setting {key} has the wrong form (got {value!r}; e.g. 22:00-08:00)")
    return value


def settings_path() -> Path:
    return paths.config_dir() / SETTINGS_FILE


def load_settings(path: Path | None = None) -> Settings:
    """Read settings; a missing file gives defaults, a corrupt one is set aside.

    An invalid single value is reported (logged) and replaced by its default, so one typo
    never takes the whole configuration down.
    """
    path = path or settings_path()
    settings = Settings()
    if not path.exists():
        return settings
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as exc:
        backup = path.with_name(f"{path.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}")
        os.replace(path, backup)
        log.warning("settings file was unreadable (%s); moved to %s, using defaults", exc, backup)
        return settings
    for section_name, values in data.items():
        if not isinstance(values, dict):
            log.warning("ignoring settings entry %r: not a [section]", section_name)
            continue
        for name, value in values.items():
            key = f"{section_name}.{name}"
            try:
                settings.set(key, value)
            except UserError as exc:
                log.warning("%s; using the default", exc)
    return settings


def save_settings(settings: Settings, path: Path | None = None) -> Path:
    """Write atomically (temp file + rename) so a crash never leaves half a file."""
    path = path or settings_path()
    return paths.write_text_atomic(path, to_toml(settings.to_dict()))


def to_toml(sections: dict[str, dict[str, Any]]) -> str:
    """Render flat sections of scalars as TOML (all our settings are scalars)."""
    lines: list[str] = []
    for section, values in sections.items():
        lines.append(f"[{section}]")
        for name, value in values.items():
            lines.append(f"{name} = {_toml_scalar(value)}")
        lines.append("")
    return "\n".join(lines)


def _toml_scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    escaped = str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'
