"""What the tray shows and does, with no GUI toolkit in sight.

Why separate from pystray: every menu item, tooltip and state change is plain logic that
tests can drive directly; the pystray adapter (companion.tray.icon) only mirrors this model
onto the real icon. The controller talks to the rest of the app through callbacks given by
the app and through bus events (AppStateChanged, MoodUpdate), never through other modules.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from companion.bus import EventBus
from companion.events import AppStateChanged, MoodUpdate

log = logging.getLogger(__name__)
STATES = ("watching", "paused", "privacy", "talking", "stopped")
PAUSE_CHOICES: tuple[float | None, ...] = (15, 60, None)

TEXT: dict[str, dict[str, str]] = {
    "en": {
        "app": "Companion",
        "talk_now": "Talk now",
        "pause": "Pause",
        "pause_15": "15 minutes",
        "pause_60": "1 hour",
        "pause_none": "Until I resume",
        "resume": "Resume",
        "privacy": "Privacy mode",
        "dashboard": "Open dashboard",
        "language": "Language",
        "quit": "Quit",
        "state.watching": "watching gently",
        "state.paused": "paused",
        "state.paused_until": "paused until {time}",
        "state.privacy": "privacy mode, camera and microphone closed",
        "state.talking": "talking with you",
        "state.stopped": "not running",
        "no_face": "no one in view",
        "missing": "not available: {names}",
        "mood.happy": "you seem happy",
        "mood.neutral": "you seem calm",
        "mood.surprise": "you seem surprised",
        "mood.sad": "you seem sad",
        "mood.fear": "you seem worried",
        "mood.angry": "you seem frustrated",
        "mood.disgust": "you seem displeased",
    },
    "zh": {
        "app": "陪伴",
        "talk_now": "现在聊聊",
        "pause": "暂停",
        "pause_15": "15 分钟",
        "pause_60": "1 小时",
        "pause_none": "直到我恢复",
        "resume": "恢复",
        "privacy": "隐私模式",
        "dashboard": "打开控制面板",
        "language": "语言",
        "quit": "退出",
        "state.watching": "正在轻轻留意",
        "state.paused": "已暂停",
        "state.paused_until": "暂停到 {time}",
        "state.privacy": "隐私模式，摄像头和麦克风已关闭",
        "state.talking": "正在和你聊天",
        "state.stopped": "未运行",
        "no_face": "画面中没有人",
        "missing": "不可用：{names}",
        "mood.happy": "你看起来很开心",
        "mood.neutral": "你看起来很平静",
        "mood.surprise": "你看起来有些惊讶",
        "mood.sad": "你看起来有些难过",
        "mood.fear": "你看起来有些担心",
        "mood.angry": "你看起来有些烦躁",
        "mood.disgust": "你看起来有些不快",
    },
}
LANGUAGES = (("en", "English"), ("zh", "中文"))


def _noop(*_args: object) -> None:
    return None


@dataclass
class TrayCallbacks:
    """What the app does when the user picks a menu item (all optional, default: nothing).

    on_pause gets minutes, or None for "until I resume"; the controller itself calls
    on_resume when a timed pause runs out (see TrayController.tick).
    """

    on_talk_now: Callable[[], None] = _noop
    on_pause: Callable[[float | None], None] = _noop
    on_resume: Callable[[], None] = _noop
    on_privacy: Callable[[bool], None] = _noop
    on_open_dashboard: Callable[[], None] = _noop
    on_language: Callable[[str], None] = _noop
    on_quit: Callable[[], None] = _noop


@dataclass(frozen=True)
class MenuEntry:
    """One menu item, toolkit-neutral. `action` is None for submenu parents."""

    id: str
    label: str
    action: Callable[[], None] | None = None
    checked: bool | None = None
    radio: bool = False
    enabled: bool = True
    default: bool = False
    children: tuple[MenuEntry, ...] = field(default_factory=tuple)


SEPARATOR = MenuEntry(id="-", label="")


def privacy_callback(
    close: Sequence[Callable[[], object]], reopen: Sequence[Callable[[], object]]
) -> Callable[[bool], None]:
    """An on_privacy that closes every source at once (camera, microphone) and reopens them.

    Each closer runs even if another fails: a camera error must never keep the microphone
    open. Example: privacy_callback([watcher.pause, listener.stop], [watcher.resume, ...]).
    """

    def switch(on: bool) -> None:
        failures = []
        for fn in close if on else reopen:
            try:
                fn()
            except Exception as exc:  # report after trying the others
                failures.append(exc)
                log.exception("privacy switch: %s failed", getattr(fn, "__qualname__", fn))
        if failures:
            raise failures[0]

    return switch


class TrayController:
    """State, tooltip and menu of the tray; the actions behind each menu item."""

    def __init__(
        self,
        callbacks: TrayCallbacks | None = None,
        language: str = "en",
        clock: Callable[[], float] = time.time,
        state: str = "watching",
    ) -> None:
        self.callbacks = callbacks or TrayCallbacks()
        self.language = language if language in TEXT else "en"
        self.clock = clock
        self._lock = threading.RLock()
        self.state = state
        self.paused_until: float | None = None
        self.mood: str | None = None  # dominant emotion, None when no face / unknown
        self.valence = 0.0
        self.quitting = False
        self.missing: tuple[str, ...] = ()  # devices or models the app runs without
        self._listeners: list[Callable[[], None]] = []

    # -- wiring ---------------------------------------------------------------------------

    def attach(self, bus: EventBus) -> TrayController:
        bus.subscribe(AppStateChanged, self.on_app_state)
        bus.subscribe(MoodUpdate, self.on_mood)
        return self

    def add_listener(self, listener: Callable[[], None]) -> None:
        """Called (from any thread) after anything visible changed."""
        self._listeners.append(listener)

    def _changed(self) -> None:
        for listener in list(self._listeners):
            try:
                listener()
            except Exception:
                log.exception("tray listener failed")

    def on_app_state(self, event: AppStateChanged) -> None:
        if event.state not in STATES:
            return
        with self._lock:
            if event.state == self.state:
                return
            self.state = event.state
            if event.state != "paused":
                self.paused_until = None
        self._changed()

    def on_mood(self, event: MoodUpdate) -> None:
        mood = event.dominant if event.face_present else None
        with self._lock:
            changed = mood != self.mood or abs(event.valence - self.valence) > 0.25
            self.mood = mood
            if changed:
                self.valence = float(event.valence)
        if changed:
            self._changed()

    def set_missing(self, names: Sequence[str]) -> None:
        """What the app runs without (camera, microphone, speaker, ...), for the tooltip."""
        with self._lock:
            changed = tuple(names) != self.missing
            self.missing = tuple(names)
        if changed:
            self._changed()

    # -- what it shows --------------------------------------------------------------------

    def text(self, key: str, **fmt: object) -> str:
        value = TEXT[self.language].get(key) or TEXT["en"][key]
        return value.format(**fmt) if fmt else value

    def tooltip(self) -> str:
        """The icon's state in words, e.g. "Companion: watching gently · you seem calm"."""
        with self._lock:
            state, until, mood = self.state, self.paused_until, self.mood
        if state == "paused" and until is not None:
            words = self.text(
                "state.paused_until", time=time.strftime("%H:%M", time.localtime(until))
            )
        else:
            words = self.text(f"state.{state}")
        if state in ("watching", "talking"):
            words += " · " + (self.text(f"mood.{mood}") if mood else self.text("no_face"))
        if self.missing:
            words += " · " + self.text("missing", names=", ".join(self.missing))
        sep = "：" if self.language == "zh" else ": "
        return f"{self.text('app')}{sep}{words}"

    def menu(self) -> tuple[MenuEntry, ...]:
        with self._lock:
            state = self.state
        privacy = state == "privacy"
        paused = state == "paused"
        pause_items = tuple(
            MenuEntry(
                id=f"pause_{'none' if m is None else int(m)}",
                label=self.text(f"pause_{'none' if m is None else int(m)}"),
                action=lambda m=m: self.pause(m),
                enabled=not privacy,
            )
            for m in PAUSE_CHOICES
        )
        entries = [
            MenuEntry(
                id="talk_now",
                label=self.text("talk_now"),
                action=self.talk_now,
                enabled=state in ("watching", "paused"),
                default=True,
            ),
            MenuEntry(
                id="pause", label=self.text("pause"), children=pause_items, enabled=not privacy
            ),
        ]
        if paused:
            entries.append(MenuEntry(id="resume", label=self.text("resume"), action=self.resume))
        entries += [
            MenuEntry(
                id="privacy",
                label=self.text("privacy"),
                action=lambda: self.set_privacy(not privacy),
                checked=privacy,
            ),
            SEPARATOR,
            MenuEntry(id="dashboard", label=self.text("dashboard"), action=self.open_dashboard),
            MenuEntry(
                id="language",
                label=self.text("language"),
                children=tuple(
                    MenuEntry(
                        id=f"language_{code}",
                        label=name,
                        action=lambda code=code: self.set_language(code),
                        checked=self.language == code,
                        radio=True,
                    )
                    for code, name in LANGUAGES
                ),
            ),
            SEPARATOR,
            MenuEntry(id="quit", label=self.text("quit"), action=self.quit),
        ]
        return tuple(entries)

    def find(self, entry_id: str) -> MenuEntry:
        """The menu entry with this id, searching submenus too (KeyError if absent)."""
        stack = list(self.menu())
        while stack:
            entry = stack.pop(0)
            if entry.id == entry_id:
                return entry
            stack.extend(entry.children)
        raise KeyError(entry_id)

    def activate(self, entry_id: str) -> None:
        """Do what clicking this menu item does (for tests and keyboard shortcuts)."""
        entry = self.find(entry_id)
        if not entry.enabled or entry.action is None:
            raise ValueError(f"menu item {entry_id!r} cannot be activated now")
        entry.action()

    # -- what it does ---------------------------------------------------------------------

    def talk_now(self) -> None:
        self.callbacks.on_talk_now()

    def pause(self, minutes: float | None) -> None:
        self.callbacks.on_pause(minutes)
        with self._lock:
            self.state = "paused"
            self.paused_until = None if minutes is None else self.clock() + minutes * 60
        self._changed()

    def resume(self) -> None:
        with self._lock:
            was_privacy = self.state == "privacy"
        if was_privacy:
            self.callbacks.on_privacy(False)
        self.callbacks.on_resume()
        with self._lock:
            self.state = "watching"
            self.paused_until = None
        self._changed()

    def set_privacy(self, on: bool) -> None:
        """Close (or reopen) camera and microphone at once; the icon shows it."""
        self.callbacks.on_privacy(on)
        with self._lock:
            self.state = "privacy" if on else "watching"
            self.paused_until = None
        self._changed()

    def open_dashboard(self) -> None:
        self.callbacks.on_open_dashboard()

    def set_language(self, language: str) -> None:
        if language not in TEXT:
            raise ValueError(f"unknown language {language!r}")
        self.callbacks.on_language(language)
        with self._lock:
            self.language = language
        self._changed()

    def quit(self) -> None:
        self.callbacks.on_quit()
        with self._lock:
            self.quitting = True
        self._changed()

    def tick(self, now: float | None = None) -> None:
        """Resume when a timed pause has run out (the adapter calls this every few seconds)."""
        with self._lock:
            due = (
                self.state == "paused"
                and self.paused_until is not None
                and (self.clock() if now is None else now) >= self.paused_until
            )
        if due:
            self.resume()
