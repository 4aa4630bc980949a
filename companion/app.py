"""`companion run`: wires the components together and owns their lifetimes.

Why one class: every other module does one job and knows nothing of the rest; this is the
only place that knows them all. It subscribes them to one EventBus, starts each thread
(camera, audio in, TTS, dashboard, conversation) and stops them all on one shutdown event.
A missing camera, microphone, speaker or speech model degrades the app: the tray and
dashboard say what is missing; only missing face/emotion models (the essentials) stop it.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
import webbrowser
from collections.abc import Callable
from typing import Any

from companion.bus import EventBus
from companion.config import Settings, save_settings, settings_path
from companion.errors import UserError
from companion.events import AppStateChanged, CameraStatus, CheckIn
from companion.paths import data_dir

log = logging.getLogger(__name__)
SPEECH_WAIT_S = 60.0  # longest reply we wait for before listening again


class CompanionApp:
    """The tray app: watcher + voice + dialogue + store + dashboard + tray."""

    def __init__(
        self,
        settings: Settings,
        *,
        source: str | None = None,
        use_tray: bool = True,
        open_browser: bool = False,
        use_voice: bool = True,
        pace_video: bool = True,
        speaker_factory: Callable[[], Any] | None = None,
        listener_factory: Callable[[str], Any] | None = None,
    ) -> None:
        from companion.store import Store, StoreRecorder, default_db_path
        from companion.tray import TrayCallbacks, TrayController, privacy_callback
        from companion.watcher import Watcher
        from companion.web import DashboardServer, LiveState

        self.settings = settings
        self.bus = EventBus()
        self.shutdown = threading.Event()
        self.use_tray = use_tray
        self.open_browser = open_browser
        self.problems: dict[str, str] = {}
        self._state = "watching"
        self._state_before_talk = "watching"
        self._conversation_lock = threading.Lock()
        self._conversation: Any = None
        self._inbox: Any = None
        self._threads: list[threading.Thread] = []

        self.store = Store(default_db_path())
        self.recorder = StoreRecorder(self.store, settings.privacy).attach(self.bus)
        self.live = LiveState(state="watching").attach(self.bus)
        # The watcher raises UserError now if the face or emotion model is missing: essential.
        self.watcher = Watcher(
            source if source is not None else settings.camera.source,
            settings.camera,
            settings.mood,
            self.bus,
            realtime=pace_video,  # a video file stands in for a camera: play it at its pace
        )
        self.speaker, self.listener_factory = self._open_voice(
            use_voice, speaker_factory, listener_factory
        )
        self.dashboard = DashboardServer(
            store=self.store,
            settings=settings,
            live=self.live,
            settings_path=settings_path(),
            data_dir=data_dir(),
            on_settings_changed=self._on_settings_changed,
            on_forget=self.watcher.reset_baseline,
        )
        self.tray = TrayController(
            TrayCallbacks(
                on_talk_now=lambda: self.start_conversation(None),
                on_pause=self.pause,
                on_resume=self.resume,
                on_privacy=self.set_privacy,
                on_open_dashboard=self.open_dashboard,
                on_language=self._set_language,
                on_quit=self.stop,
            ),
            language=settings.general.language,
        ).attach(self.bus)
        self._switch_sources = privacy_callback(
            [self._end_conversation, self.watcher.pause], [self.watcher.resume]
        )
        self.bus.subscribe(CheckIn, self._on_checkin)
        self.bus.subscribe(AppStateChanged, self._on_state)
        self.bus.subscribe(CameraStatus, self._on_camera)
        self.tray.set_missing(sorted(self.problems))

    # ----- voice, optional -----

    def _open_voice(
        self,
        use_voice: bool,
        speaker_factory: Callable[[], Any] | None,
        listener_factory: Callable[[str], Any] | None,
    ) -> tuple[Any, Callable[[str], Any] | None]:
        """A Speaker and a listener factory, or None for each with the reason in problems."""
        if not (use_voice and self.settings.voice.enabled):
            self.problems["voice"] = "voice is switched off"
            return None, None
        from companion.voice import Speaker, open_listener, voice_problems

        found = voice_problems(self.settings.voice) if speaker_factory is None else {}
        language = self.settings.general.language
        self.problems.update(
            (k, v) for k, v in found.items() if not k.startswith("stt_") or k == f"stt_{language}"
        )
        speaker = None
        if speaker_factory is not None:
            speaker = speaker_factory()
        elif "speaker" not in found:
            speaker = Speaker(self.settings.voice)
        if listener_factory is None and "microphone" not in found:

            def listener_factory(lang: str) -> Any:
                return open_listener(
                    self.settings.voice,
                    lang,
                    on_speech_start=self.speaker.stop if self.speaker else None,
                    is_talking=lambda: bool(self.speaker and self.speaker.is_speaking),
                )

        return speaker, listener_factory

    # ----- lifecycle -----

    def start(self) -> None:
        self.dashboard.start()
        self.watcher.start()
        self.bus.publish(AppStateChanged(t=time.time(), state="watching"))
        log.info("dashboard at %s", self.dashboard.url)
        if self.open_browser:
            self.open_dashboard()

    def run(self, on_started: Callable[[], None] | None = None) -> int:
        """Start everything, block (tray on the main thread, or until a signal), then stop."""
        self.start()
        if on_started is not None:
            on_started()
        previous = {
            sig: signal.signal(sig, lambda *_: self.stop())
            for sig in (signal.SIGINT, signal.SIGTERM)
        }
        try:
            if self.use_tray:
                self._run_tray()
            while not self.shutdown.wait(0.5):
                pass
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
            self.close()
        return 0

    def _run_tray(self) -> None:
        """Block in the tray until Quit; without a working tray, carry on headless."""
        from companion.tray import run_tray

        try:
            run_tray(self.tray, self.shutdown)
        except UserError as exc:
            self.problems["tray"] = str(exc)
            log.warning("%s; running without a tray icon", exc)

    def stop(self) -> None:
        """Ask everything to stop (from any thread: tray Quit, Ctrl+C, SIGTERM)."""
        self.shutdown.set()
        self._end_conversation()

    def close(self) -> None:
        """Stop and join every thread, release devices and save state. Idempotent."""
        self.shutdown.set()
        self._end_conversation()
        for thread in self._threads:
            thread.join(timeout=10)
        self.watcher.stop()  # releases the camera and saves the learned baseline
        if self.speaker is not None:
            self.speaker.close()
        self.dashboard.stop()
        self.recorder.flush()
        self.store.close()
        self.bus.publish(AppStateChanged(t=time.time(), state="stopped"))

    # ----- tray actions -----

    def pause(self, minutes: float | None) -> None:
        """Release the camera; the tray resumes by itself when a timed pause ends.

        The new state is published first, so an ending conversation does not restore the old.
        """
        detail = "until resumed" if minutes is None else f"{minutes:g} minutes"
        self.bus.publish(AppStateChanged(t=time.time(), state="paused", detail=detail))
        self._end_conversation()
        self.watcher.pause()

    def set_privacy(self, on: bool) -> None:
        """Close camera and microphone at once (or reopen them); tray and dashboard show it."""
        if on:
            self.bus.publish(AppStateChanged(t=time.time(), state="privacy"))
            self._switch_sources(True)
        else:
            self._switch_sources(False)
            self.bus.publish(AppStateChanged(t=time.time(), state="watching"))

    def resume(self) -> None:
        self.watcher.resume()
        self.bus.publish(AppStateChanged(t=time.time(), state="watching"))

    def open_dashboard(self) -> None:
        webbrowser.open(self.dashboard.url)

    def _set_language(self, lang: str) -> None:
        self.settings.set("general.language", lang)
        save_settings(self.settings)

    def _on_settings_changed(self, key: str, value: object) -> None:
        if key == "general.language":
            self.tray.set_language(str(value))

    # ----- conversations -----

    def _on_state(self, event: AppStateChanged) -> None:
        self._state = event.state

    def _on_camera(self, event: CameraStatus) -> None:
        if event.state in ("missing", "lost"):
            self.problems["camera"] = event.message
        elif event.state == "ok":
            self.problems.pop("camera", None)
        self.tray.set_missing(sorted(self.problems))

    def _on_checkin(self, event: CheckIn) -> None:
        if self._state in ("watching",):
            self.start_conversation(event)

    def start_conversation(self, trigger: CheckIn | None) -> bool:
        """Begin a conversation on its own thread; False if one runs, voice is out or private."""
        if self.speaker is None or self.shutdown.is_set() or self._state == "privacy":
            return False
        with self._conversation_lock:
            if self._conversation is not None:
                return False
            self._conversation = "starting"
        thread = threading.Thread(
            target=self._converse, args=(trigger,), name="conversation", daemon=True
        )
        self._threads = [t for t in self._threads if t.is_alive()] + [thread]
        thread.start()
        return True

    def _converse(self, trigger: CheckIn | None) -> None:
        from companion.care import CareKit
        from companion.dialogue import (
            Conversation,
            Trigger,
            UtteranceInbox,
            load_generator,
            run_conversation,
        )

        settings = self.settings
        lang = settings.general.language
        self._state_before_talk = self._state
        self.bus.publish(AppStateChanged(t=time.time(), state="talking"))
        listener = None
        try:
            conversation = Conversation(
                self._say_and_wait,
                settings.dialogue,
                lang=lang,
                locale=settings.general.locale,
                name=settings.general.user_name,
                care=CareKit(settings.care),
                generator=load_generator(
                    settings.dialogue.llm_model_path, settings.dialogue.llm_timeout_s
                ),
                publish=self.bus.publish,
                keep_transcript=settings.privacy.keep_transcripts,
            )
            inbox = UtteranceInbox(notice=conversation.notice).attach(self.bus)
            with self._conversation_lock:
                self._conversation, self._inbox = conversation, inbox
            listener = self._start_listener(lang)
            if listener is None:
                inbox.close()  # nobody can answer: the opening is said, then a graceful close
            conversation.start(trigger if trigger is not None else Trigger("user"))
            run_conversation(conversation, inbox)
        except Exception:
            log.exception("conversation failed")
        finally:
            if listener is not None:
                listener.stop()
            with self._conversation_lock:
                self._conversation = self._inbox = None
            if not self.shutdown.is_set() and self._state == "talking":
                self.bus.publish(AppStateChanged(t=time.time(), state=self._state_before_talk))

    def _start_listener(self, lang: str) -> Any:
        if self.listener_factory is None:
            return None
        try:
            listener = self.listener_factory(lang)
            listener.start(self.bus)
            return listener
        except Exception as exc:  # no microphone or model for this language: speak only
            self.problems["listening"] = str(exc)
            log.warning("cannot listen: %s", exc)
            return None

    def _say_and_wait(self, text: str, lang: str) -> None:
        """Speak, and return when done (or cut off by the user), so silence is timed after."""
        self.speaker.speak(text, lang)
        self.speaker.wait(SPEECH_WAIT_S)

    def _end_conversation(self) -> None:
        with self._conversation_lock:
            conversation, inbox = self._conversation, self._inbox
        if inbox is not None:
            inbox.close()
        if conversation not in (None, "starting"):
            conversation.stop_care()
        if self.speaker is not None:
            self.speaker.stop()
