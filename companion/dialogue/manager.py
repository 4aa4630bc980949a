"""The conversation state machine: opening → listening ⇄ offering → acting → closing.

Why plain callables: the manager never imports audio. It speaks through `say(text, lang)`
and hears through `hear(text)` / `on_silence()`, so the typed `companion chat`, the voice
app and the tests drive the very same logic. Care actions (breathing, music) come in as an
object with three methods, and the end of a conversation goes out as a ConversationEnded
event through `publish`, which is how the mood tracker learns about a decline.

Safety order on every user turn: crisis check first (stops any running care action and
answers with the hotline); only then the other intents, templates, and the optional model.
"""

from __future__ import annotations

import logging
import random
import re
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Protocol

from companion.config import DialogueSettings
from companion.dialogue.llm import GuardedGenerator
from companion.dialogue.nlu import Understanding, understand
from companion.dialogue.replies import Replies
from companion.events import CheckIn, ConversationEnded, Event
from companion.paths import RESPONSES_DIR

log = logging.getLogger(__name__)

Say = Callable[[str, str], None]
# A plain "no" to the safety question (recognisers often give just "no" or "没有").
_CLEAR_NO = {
    "en": re.compile(
        r"^(no|not really|never|of course not|not at all|nothing like that|i am not)\b"
    ),
    "zh": re.compile(r"^(没有|没|不是|不会|不|当然没有|并没有|没那么)"),
}
# While the user is telling their story, a "decline" must be clear before we walk away.
DECLINE_MIN_P = 0.5


class State(str, Enum):
    IDLE = "idle"
    OPENING = "opening"  # asked "want to talk?", waiting for the answer
    LISTENING = "listening"  # reflecting and validating what the user shares
    OFFERING = "offering"  # offered: keep talking / breathing / music / leave you be
    ACTING = "acting"  # calming music is playing (breathing runs within one turn)
    ENDED = "ended"


class CareActions(Protocol):
    """What the conversation can offer; companion.care.CareKit is the real one."""

    music_minutes: float

    def breathe(self, say: Callable[[str], None], cues: Mapping[str, str]) -> bool:
        """Guide a breathing exercise (blocking); False when it was stopped early."""
        ...

    def start_music(self, on_finished: Callable[[], None] | None = None) -> str | None:
        """Start calming music; None when it plays, else why it cannot (one line)."""
        ...

    def stop(self) -> None:
        """Stop whatever is running (music fades out, breathing ends after the cue)."""
        ...


@dataclass(frozen=True)
class Trigger:
    """Why the conversation started: a check-in from the mood tracker, or the user."""

    kind: str = "user"  # "checkin" or "user"
    emotion: str = ""  # the vision emotion for a check-in: sad, angry, fear, ...
    duration_s: float = 0.0

    @classmethod
    def from_checkin(cls, event: CheckIn) -> Trigger:
        return cls("checkin", event.emotion, event.duration_s)

    @property
    def label(self) -> str:
        return f"checkin:{self.emotion}" if self.kind == "checkin" else "user"

    def opening_key(self) -> str:
        if self.kind == "user":
            return "opening.user"
        group = {"sad": "sad", "angry": "angry", "disgust": "angry", "fear": "fear"}
        return f"opening.{group.get(self.emotion, 'default')}"


def join(lang: str, *parts: str) -> str:
    """Sentences joined the way each language writes them (no spaces between Chinese ones)."""
    return ("" if lang == "zh" else " ").join(p for p in parts if p)


def describe_duration(seconds: float, lang: str) -> str:
    minutes = round(seconds / 60)
    if lang == "zh":
        return "一会儿" if minutes < 2 else f"{minutes}分钟"
    return "a little while" if minutes < 2 else f"the last {minutes} minutes"


class Conversation:
    """One caring conversation. Not reusable: make a new one per check-in or "Talk now"."""

    def __init__(
        self,
        say: Say,
        settings: DialogueSettings | None = None,
        *,
        lang: str = "en",
        locale: str = "INTL",
        name: str = "",
        care: CareActions | None = None,
        generator: GuardedGenerator | None = None,
        publish: Callable[[Event], None] | None = None,
        keep_transcript: bool = False,
        responses_dir: Path = RESPONSES_DIR,
        rng: random.Random | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.settings = settings or DialogueSettings()
        self._say = say
        self.lang = lang
        self.locale = locale
        self.name = name
        self.care = care
        self.generator = generator
        self.publish = publish
        self.keep_transcript = keep_transcript
        self.responses_dir = responses_dir
        self.rng = rng or random.Random()
        self.clock = clock
        self._replies: dict[str, Replies] = {}
        self._lock = threading.RLock()
        self.state = State.IDLE
        self.trigger = Trigger()
        self.turns = 0
        self.outcome = ""
        self.in_crisis = False
        self.transcript: list[tuple[str, str]] = []
        self.history: list[str] = []  # state names, for tests and the dashboard
        self._listen_turns = 0
        self._silences = 0
        self._clarified = False
        self._after_action = False
        self._heard_distress = False
        self._handled_stops: list[str] = []
        self._stop_noticed = False
        self._notice_lock = threading.Lock()
        self._safety_asked = False
        self._awaiting_safety_answer = False
        self.replies(lang)  # load now: a broken template file fails before anything is said

    # ---- public API -------------------------------------------------------------------
    def replies(self, lang: str) -> Replies:
        if lang not in self._replies:
            self._replies[lang] = Replies(
                lang, name=self.name, locale=self.locale, directory=self.responses_dir, rng=self.rng
            )
        return self._replies[lang]

    @property
    def ended(self) -> bool:
        return self.state is State.ENDED

    def start(self, trigger: Trigger | CheckIn | None = None) -> None:
        """Open the conversation with words that fit what triggered it."""
        if isinstance(trigger, CheckIn):
            trigger = Trigger.from_checkin(trigger)
        with self._lock:
            self.trigger = trigger or Trigger()
            r = self.replies(self.lang)
            key = self.trigger.opening_key()
            time_text = describe_duration(self.trigger.duration_s, self.lang)
            self._speak(r.pick(key, fallback="opening.default", time=time_text), self.lang)
            self._enter(State.OPENING)

    def hear(self, text: str, lang: str | None = None) -> Understanding | None:
        """One final utterance from the user (typed or recognised)."""
        with self._lock:
            if self.state is State.ENDED:
                return None
            if self.state is State.IDLE:
                self.start()
            with self._notice_lock:
                handled = text in self._handled_stops
                if handled:
                    self._handled_stops.remove(text)
            if handled and self.state is not State.ACTING:
                return None  # that "stop" already ended the exercise; no second reply
            u = understand(text, lang or None)
            if not u.text:
                self.on_silence()
                return u
            self.lang = u.lang
            self.turns += 1
            self._silences = 0
            self.transcript.append(("user", text))
            if u.intent == "crisis":
                self._crisis()
            elif self.in_crisis:
                self._after_crisis(u)
            elif self._awaiting_safety_answer:
                self._safety_answer(u)
            elif u.risk and not self._safety_asked:
                self._ask_safety(u)
            else:
                self._respond(u)
            if not self.ended and self.turns >= self.settings.max_turns:
                r = self.replies(self.lang)
                key = "crisis.followup" if self.in_crisis else "turn_limit.reply"
                self._speak(r.pick(key), self.lang)
                self._end("crisis" if self.in_crisis else "completed")
            return u

    def notice(self, text: str) -> None:
        """Called by the input side the moment an utterance arrives (any thread, no lock):
        a spoken "stop", a goodbye or a crisis ends a running breathing exercise or music at
        once, even while `hear` is still busy guiding the exercise. The first "stop" of an
        action has then done its job and is not answered again; everything else is."""
        if self.state is not State.ACTING:
            return
        u = understand(text)
        if u.intent not in ("decline", "goodbye", "crisis"):
            return
        self.stop_care()
        with self._notice_lock:
            if u.intent == "decline" and not self._stop_noticed:
                self._stop_noticed = True
                self._handled_stops.append(text)

    def on_silence(self) -> None:
        """The user said nothing for dialogue.silence_timeout_s: prompt once, then close."""
        with self._lock:
            if self.state in (State.ENDED, State.ACTING, State.IDLE):
                return
            r = self.replies(self.lang)
            self._silences += 1
            if self._silences == 1:
                key = "crisis.followup" if self.in_crisis else "silence.prompt"
                self._speak(r.pick(key), self.lang)
                return
            if self.in_crisis:
                self._speak(r.pick("crisis.followup"), self.lang)
            self._speak(r.pick("silence.close"), self.lang)
            self._end("crisis" if self.in_crisis else "silence")

    def music_finished(self) -> None:
        """Called when the music ends by itself: ask how the user feels."""
        with self._lock:
            if self.state is State.ACTING:
                self._speak(self.replies(self.lang).pick("acting.after"), self.lang)
                self._after_action = True
                self._enter(State.LISTENING)

    def stop_care(self) -> None:
        """The tray's "Stop": end music or breathing, keep the conversation."""
        if self.care is not None:
            self.care.stop()

    def close(self, outcome: str = "interrupted") -> None:
        """End now (app paused, input closed); no more words are spoken."""
        with self._lock:
            if not self.ended:
                self.stop_care()
                self._end("crisis" if self.in_crisis else outcome)

    # ---- turns --------------------------------------------------------------------------
    def _respond(self, u: Understanding) -> None:
        r = self.replies(u.lang)
        intent = u.intent
        if intent == "decline" and self.state is State.LISTENING and u.confidence < DECLINE_MIN_P:
            intent = "other"  # an unsure "decline" mid-story must not end the conversation
        if self.state is State.ACTING:
            self.stop_care()
            if intent in ("decline", "goodbye", "accept", "other"):
                self._speak(join(u.lang, r.pick("acting.stopped"), r.pick("acting.after")), u.lang)
                self._after_action = True
                self._enter(State.LISTENING)
                return
            self._enter(State.LISTENING)
        if intent == "decline":
            self._speak(r.pick("decline.reply"), u.lang)
            self._end("declined")
        elif intent == "goodbye":
            self._speak(r.pick("goodbye.reply"), u.lang)
            self._end("completed")
        elif intent == "breathing":
            self._breathe(r)
        elif intent == "music":
            self._music(r)
        elif intent == "positive":
            if self.state is State.OPENING or self.state is State.OFFERING or self._after_action:
                key = "positive.opening" if self.state is State.OPENING else "positive.later"
                closing = "" if key == "positive.opening" else r.pick("goodbye.reply")
                self._speak(join(u.lang, r.pick(key), closing), u.lang)
                self._end("completed")
            else:
                self._speak(join(u.lang, r.pick("positive.later"), r.pick("offer.options")), u.lang)
                self._enter(State.OFFERING)
        elif intent == "accept":
            if self.state is State.OFFERING and not self._clarified:
                self._clarified = True
                self._speak(r.pick("offer.clarify"), u.lang)
            elif self.state is State.OFFERING:
                self._speak(r.pick("offer.keep_talking"), u.lang)
                self._listen_turns = 0
                self._enter(State.LISTENING)
            else:
                self._speak(r.pick("invite.talk"), u.lang)
                self._enter(State.LISTENING)
        else:  # negative or other: reflect, and after a couple of turns offer something
            self._reflect(u, r, intent)

    def _reflect(self, u: Understanding, r: Replies, intent: str) -> None:
        wants_talk = any(w in u.text for w in ("talk", "聊", "说说"))
        if self.state is State.OFFERING or wants_talk:
            self._listen_turns = 0
        self._listen_turns += 1
        self._heard_distress = self._heard_distress or intent == "negative"
        offer_now = self._listen_turns >= 2 and self._heard_distress
        generated = None
        if self.generator is not None:
            history = [("user" if who == "user" else "bot", said) for who, said in self.transcript]
            generated = self.generator.reply(history, u.lang, u.emotion)
        if generated:
            reply = generated
        elif intent == "negative":
            reply = r.pick(f"reflect.{u.emotion}", fallback="reflect.default")
        else:
            reply = r.pick("listen.neutral")
        if offer_now:
            self._speak(join(u.lang, reply, r.pick("offer.options")), u.lang)
            self._listen_turns = 0
            self._enter(State.OFFERING)
            return
        if not generated and intent == "negative":
            reply = join(u.lang, reply, r.pick("listen.more"))
        self._speak(reply, u.lang)
        self._enter(State.LISTENING)

    def _breathe(self, r: Replies) -> None:
        if self.care is None:
            self._speak(r.pick("acting.music_unavailable", reason="no care actions"), r.lang)
            return
        self._speak(r.pick("acting.breathing_intro"), r.lang)
        self._enter(State.ACTING)
        self.care.breathe(lambda text: self._speak(text, r.lang), r.breathing_cues())
        if self.state is State.ACTING:  # a crisis or close during the exercise wins
            self._speak(r.pick("acting.after"), r.lang)
            self._after_action = True
            self._enter(State.LISTENING)

    def _music(self, r: Replies) -> None:
        if self.care is None:
            self._speak(r.pick("acting.music_unavailable", reason="no audio"), r.lang)
            self._enter(State.LISTENING)
            return
        problem = self.care.start_music(on_finished=self.music_finished)
        if problem:
            self._speak(r.pick("acting.music_unavailable", reason=problem), r.lang)
            self._enter(State.LISTENING)
            return
        minutes = f"{self.care.music_minutes:g}"
        self._speak(r.pick("acting.music_start", minutes=minutes), r.lang)
        self._enter(State.ACTING)

    def _crisis(self) -> None:
        self.stop_care()
        r = self.replies(self.lang)
        self._speak(r.pick("crisis.followup" if self.in_crisis else "crisis.reply"), self.lang)
        self.in_crisis = True
        self._enter(State.LISTENING)

    def _ask_safety(self, u: Understanding) -> None:
        """Risk words without a clear crisis: ask directly and kindly (asking does no harm)."""
        self.stop_care()
        self._safety_asked = True
        self._awaiting_safety_answer = True
        self._speak(self.replies(u.lang).pick("crisis.check"), u.lang)
        self._enter(State.LISTENING)

    def _safety_answer(self, u: Understanding) -> None:
        """Only a clear "no" (or feeling fine) continues as before; anything else — yes,
        maybe, silence about it, more pain — is answered with the hotline."""
        self._awaiting_safety_answer = False
        r = self.replies(u.lang)
        if u.intent in ("decline", "positive") or _CLEAR_NO.get(u.lang, _CLEAR_NO["en"]).match(
            u.text
        ):
            self._speak(join(u.lang, r.pick("crisis.check_no"), r.pick("listen.more")), u.lang)
            self._enter(State.LISTENING)
        elif u.intent == "goodbye":
            self._speak(r.pick("crisis.followup"), u.lang)
            self._end("completed")
        else:
            self._crisis()

    def _after_crisis(self, u: Understanding) -> None:
        """After a crisis only templates speak, and every reply keeps the hotline in view."""
        r = self.replies(u.lang)
        if u.intent in ("decline", "goodbye"):
            self._speak(r.pick("crisis.followup"), u.lang)
            self._end("crisis")
            return
        reflect = r.pick(f"reflect.{u.emotion}", fallback="reflect.default")
        self._speak(join(u.lang, reflect, r.pick("crisis.followup")), u.lang)

    # ---- plumbing -----------------------------------------------------------------------
    def _speak(self, text: str, lang: str) -> None:
        self.transcript.append(("companion", text))
        try:
            self._say(text, lang)
        except Exception:  # a failing speaker must not kill the conversation
            log.exception("could not say a reply")

    def _enter(self, state: State) -> None:
        if state is State.ACTING:
            self._stop_noticed = False
        if state is not self.state:
            log.debug("conversation: %s -> %s", self.state.value, state.value)
            self.state = state
            self.history.append(state.value)

    def _end(self, outcome: str) -> None:
        self.outcome = outcome
        self._enter(State.ENDED)
        if self.generator is not None:
            self.generator.close()
        if self.publish is not None:
            transcript = tuple(self.transcript) if self.keep_transcript else ()
            self.publish(
                ConversationEnded(
                    t=self.clock(),
                    outcome=outcome,
                    trigger=self.trigger.label,
                    turns=self.turns,
                    transcript=transcript,
                )
            )


def run_conversation(
    conversation: Conversation,
    next_utterance: Callable[[float], str | None],
    silence_timeout_s: float | None = None,
) -> str:
    """Drive a started conversation until it ends; returns the outcome.

    `next_utterance(timeout)` returns the next final utterance, None after `timeout`
    seconds of silence, or raises EOFError when the input is gone (then the conversation
    closes as "interrupted"). The voice app passes a queue fed by Utterance events.
    """
    timeout = silence_timeout_s or conversation.settings.silence_timeout_s
    if conversation.state is State.IDLE:
        conversation.start()
    while not conversation.ended:
        try:
            text = next_utterance(timeout)
        except EOFError:
            conversation.close("interrupted")
            break
        if text is None:
            conversation.on_silence()
        else:
            conversation.hear(text)
    return conversation.outcome
