"""Reply templates from responses/<lang>.toml, picked without repeats within a conversation.

Why TOML files: non-programmers can read and edit every sentence the companion says, and
translators work on one file per language. A missing or corrupt file is a one-line
UserError naming the file; a missing situation names the key.
"""

from __future__ import annotations

import random
import string
import sys
from pathlib import Path
from typing import Any

from companion.errors import UserError
from companion.paths import RESPONSES_DIR

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

LOCALES = ("CN", "US", "GB", "INTL")
REQUIRED_KEYS = (
    "crisis.reply",
    "crisis.followup",
    "crisis.check",
    "crisis.check_no",
    "opening.default",
    "opening.user",
    "reflect.default",
    "listen.more",
    "listen.neutral",
    "invite.talk",
    "offer.options",
    "offer.clarify",
    "offer.keep_talking",
    "positive.opening",
    "positive.later",
    "decline.reply",
    "goodbye.reply",
    "silence.prompt",
    "silence.close",
    "turn_limit.reply",
    "acting.breathing_intro",
    "acting.music_start",
    "acting.music_unavailable",
    "acting.stopped",
    "acting.after",
    *(f"hotlines.{loc}" for loc in LOCALES),
    *(f"breathing.{cue}" for cue in ("in", "hold", "out", "done", "stopped")),
)


class _KeepUnknown(dict):
    """format_map helper: an unknown {placeholder} typed by an editor stays visible as is."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def load_templates(lang: str, directory: Path = RESPONSES_DIR) -> dict[str, Any]:
    """Parse and check one language file; UserError (one line) when missing or broken."""
    path = Path(directory) / f"{lang}.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UserError(f"reply templates not found: {path}") from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise UserError(f"reply templates {path} are unreadable: {reason}") from None
    for key in REQUIRED_KEYS:
        value = _lookup(data, key)
        ok = (isinstance(value, str) and value.strip()) or (
            isinstance(value, list) and value and all(isinstance(v, str) for v in value)
        )
        if not ok:
            raise UserError(f"reply templates {path}: missing or empty entry {key!r}")
    return data


def _lookup(data: dict[str, Any], key: str) -> Any:
    node: Any = data
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


class Replies:
    """The templates of one language for one conversation (remembers what it already said)."""

    def __init__(
        self,
        lang: str,
        *,
        name: str = "",
        locale: str = "INTL",
        directory: Path = RESPONSES_DIR,
        rng: random.Random | None = None,
    ) -> None:
        self.lang = lang
        self.data = load_templates(lang, directory)
        self.locale = locale if locale in LOCALES else "INTL"
        name_format = str(_lookup(self.data, "meta.name_format") or "{}")
        self.name = name_format.replace("{}", name.strip()) if name.strip() else ""
        self.rng = rng or random.Random()
        self.used: set[str] = set()

    def has(self, key: str) -> bool:
        return _lookup(self.data, key) is not None

    def text(self, key: str, **values: Any) -> str:
        """A single-string entry such as breathing.in."""
        value = _lookup(self.data, key)
        if isinstance(value, list):
            value = value[0]
        return self._fill(str(value), values)

    def pick(self, key: str, fallback: str | None = None, **values: Any) -> str:
        """A variant of `key` not said yet in this conversation (the least repeated when all
        were used); `fallback` is used when an editor removed an optional situation."""
        variants = _lookup(self.data, key)
        if variants is None and fallback is not None:
            key, variants = fallback, _lookup(self.data, fallback)
        if isinstance(variants, str):
            variants = [variants]
        if not variants:
            raise UserError(f"reply templates ({self.lang}): no entry {key!r}")
        if not self.name:
            nameless = [v for v in variants if "{name}" not in v]
            variants = nameless or variants
        fresh = [v for v in variants if v not in self.used]
        choice = self.rng.choice(fresh or variants)
        self.used.add(choice)
        return self._fill(choice, values)

    def hotline(self) -> str:
        return str(_lookup(self.data, f"hotlines.{self.locale}"))

    def breathing_cues(self) -> dict[str, str]:
        return {
            cue: self.text(f"breathing.{cue}") for cue in ("in", "hold", "out", "done", "stopped")
        }

    def _fill(self, template: str, values: dict[str, Any]) -> str:
        mapping = _KeepUnknown({"name": self.name, "hotline": self.hotline(), **values})
        try:
            return string.Formatter().vformat(template, (), mapping).strip()
        except (ValueError, IndexError):  # a stray brace typed by an editor
            return template.strip()
