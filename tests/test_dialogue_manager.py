"""The conversation state machine: openings, every transition, decline, silence, crisis."""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from companion.config import DialogueSettings
from companion.dialogue.manager import Conversation, State, Trigger, run_conversation
from companion.dialogue.replies import Replies, load_templates
from companion.errors import UserError
from companion.events import CheckIn, ConversationEnded, Event
from companion.paths import RESPONSES_DIR

HOTLINES = {"US": "988", "GB": "116 123", "CN": "12356", "INTL": "findahelpline.com"}


class FakeCare:
    """Records care actions; breathing says its cues at once."""

    music_minutes = 10.0

    def __init__(self, music_problem: str | None = None) -> None:
        self.music_problem = music_problem
        self.calls: list[str] = []
        self.on_finished: Callable[[], None] | None = None

    def breathe(self, say: Callable[[str], None], cues: Mapping[str, str]) -> bool:
        self.calls.append("breathe")
        for cue in ("in", "hold", "out", "done"):
            say(cues[cue])
        return True

    def start_music(self, on_finished: Callable[[], None] | None = None) -> str | None:
        self.calls.append("music")
        self.on_finished = on_finished
        return self.music_problem

    def stop(self) -> None:
        self.calls.append("stop")


class Harness:
    def __init__(self, **kwargs: object) -> None:
        self.said: list[tuple[str, str]] = []
        self.events: list[Event] = []
        self.care = kwargs.pop("care", FakeCare())
        kwargs.setdefault("rng", random.Random(1))
        self.conv = Conversation(
            lambda text, lang: self.said.append((text, lang)),
            kwargs.pop("settings", DialogueSettings()),
            care=self.care,
            publish=self.events.append,
            **kwargs,
        )

    def last(self) -> str:
        return self.said[-1][0]

    def ended(self) -> ConversationEnded:
        [event] = [e for e in self.events if isinstance(e, ConversationEnded)]
        return event


def test_openings_fit_the_trigger() -> None:
    en = load_templates("en")
    for emotion, key in [
        ("sad", "sad"),
        ("angry", "angry"),
        ("disgust", "angry"),
        ("fear", "fear"),
    ]:
        h = Harness()
        h.conv.start(CheckIn(t=0, emotion=emotion, duration_s=300, confidence=0.9, reason=""))
        variants = [
            v.replace("{name}", "").replace("{time}", "the last 5 minutes")
            for v in en["opening"][key]
        ]
        assert h.last() in variants
        assert h.conv.state is State.OPENING
    h = Harness()
    h.conv.start(Trigger("user"))
    assert h.last() in [v.replace("{name}", "") for v in en["opening"]["user"]]


def test_name_and_time_placeholders() -> None:
    h = Harness(name="Sam", rng=random.Random(0))
    h.conv.start(Trigger("checkin", "sad", 300))
    assert "{" not in h.last()
    r = Replies("en", name="Sam")
    assert r.pick("goodbye.reply").startswith(("Take care, Sam.", "You're welcome", "Thanks"))
    zh = Replies("zh", name="小明")
    text = zh.pick("opening.sad", time="5分钟")
    assert "小明" in text or "5分钟" in text


def test_listen_reflect_offer_act_close() -> None:
    h = Harness()
    h.conv.start(Trigger("checkin", "sad", 120))
    h.conv.hear("yeah okay")
    assert h.conv.state is State.LISTENING
    h.conv.hear("i feel so lonely these days")
    assert h.conv.state is State.LISTENING
    assert any(v in h.last() for v in load_templates("en")["reflect"]["lonely"])
    h.conv.hear("nobody ever calls me")
    assert h.conv.state is State.OFFERING
    h.conv.hear("can we do some breathing")
    assert h.care.calls == ["breathe"]
    assert "Breathe in" in [s for s, _ in h.said]
    assert h.conv.state is State.LISTENING
    h.conv.hear("i feel a bit better now")
    assert h.conv.ended and h.conv.outcome == "completed"
    assert h.conv.history == ["opening", "listening", "offering", "acting", "listening", "ended"]
    assert h.ended().outcome == "completed" and h.ended().turns == 5
    assert h.ended().trigger == "checkin:sad"


def test_offer_accept_then_clarify_then_keep_talking() -> None:
    h = Harness(settings=DialogueSettings(max_turns=20))
    h.conv.start(Trigger("user"))
    h.conv.hear("i am so stressed about work")
    h.conv.hear("my boss keeps yelling at me")
    assert h.conv.state is State.OFFERING
    h.conv.hear("yes")
    assert h.conv.state is State.OFFERING
    assert h.last() in load_templates("en")["offer"]["clarify"]
    h.conv.hear("sure")
    assert h.conv.state is State.LISTENING
    h.conv.hear("leave me alone")
    assert h.ended().outcome == "declined"


def test_music_starts_stops_by_voice_and_finishes() -> None:
    h = Harness()
    h.conv.start(Trigger("user"))
    h.conv.hear("play some calming music")
    assert h.conv.state is State.ACTING and h.care.calls == ["music"]
    h.conv.on_silence()  # silence while music plays is welcome, not a prompt
    assert h.conv.state is State.ACTING
    h.conv.hear("stop")
    assert h.care.calls == ["music", "stop"]
    assert h.conv.state is State.LISTENING
    h.conv.hear("music please")
    assert h.conv.state is State.ACTING
    h.care.on_finished()
    assert h.conv.state is State.LISTENING
    assert h.last() in load_templates("en")["acting"]["after"]


def test_music_unavailable_is_said_in_one_line() -> None:
    h = Harness(care=FakeCare(music_problem="no audio output device"))
    h.conv.start(Trigger("user"))
    h.conv.hear("play some music")
    assert "no audio output device" in h.last()
    assert h.conv.state is State.LISTENING


@pytest.mark.parametrize("state_setup", ["opening", "listening", "offering"])
def test_decline_from_any_state_ends_respectfully(state_setup: str) -> None:
    h = Harness()
    h.conv.start(Trigger("checkin", "angry", 90))
    if state_setup in ("listening", "offering"):
        h.conv.hear("i am so angry at my brother")
    if state_setup == "offering":
        h.conv.hear("he broke my laptop and laughed")
        assert h.conv.state is State.OFFERING
    h.conv.hear("not now")
    assert h.last() in load_templates("en")["decline"]["reply"]
    assert h.ended().outcome == "declined"
    h.conv.hear("are you still there")  # nothing more is said after the end
    assert h.last() in load_templates("en")["decline"]["reply"]


def test_positive_answer_to_opening_closes_gently() -> None:
    h = Harness(lang="zh")
    h.conv.start(Trigger("checkin", "sad", 60))
    h.conv.hear("我挺好的")
    assert h.ended().outcome == "completed"
    assert h.said[-1][1] == "zh"


def test_silence_prompts_once_then_closes() -> None:
    h = Harness()
    h.conv.start(Trigger("checkin", "fear", 200))
    h.conv.on_silence()
    assert h.last() in load_templates("en")["silence"]["prompt"]
    assert not h.conv.ended
    h.conv.on_silence()
    assert h.last() in load_templates("en")["silence"]["close"]
    assert h.ended().outcome == "silence"


def test_speaking_resets_the_silence_count() -> None:
    h = Harness()
    h.conv.start(Trigger("user"))
    h.conv.on_silence()
    h.conv.hear("i had a bad day")
    h.conv.on_silence()
    assert not h.conv.ended


def test_turn_limit() -> None:
    h = Harness(settings=DialogueSettings(max_turns=3))
    h.conv.start(Trigger("user"))
    for text in ["hmm", "i went to the store", "i was thinking about my trip"]:
        h.conv.hear(text)
    assert h.last() in load_templates("en")["turn_limit"]["reply"]
    assert h.ended().outcome == "completed" and h.ended().turns == 3


def test_no_reply_is_repeated_within_a_conversation() -> None:
    h = Harness(settings=DialogueSettings(max_turns=12))
    h.conv.start(Trigger("user"))
    for text in [
        "i feel sad",
        "everything is going wrong",
        "yes",
        "yes",
        "i miss my friends",
        "i feel sad",
        "i am sad again",
        "so sad",
        "really sad",
    ]:
        h.conv.hear(text)
    said = [s for s, _ in h.said]
    assert len(said) == len(set(said)), said


CRISIS_EN = ["i want to end my life", "everyone would be better off without me"]
CRISIS_ZH = ["我不想活了", "活着没意思"]


@pytest.mark.parametrize(("locale", "number"), list(HOTLINES.items()))
@pytest.mark.parametrize("text", CRISIS_EN + CRISIS_ZH)
def test_crisis_reaches_the_hotline_for_the_locale(locale: str, number: str, text: str) -> None:
    h = Harness(locale=locale)
    h.conv.start(Trigger("user"))
    h.conv.hear(text)
    assert number in h.last()
    assert h.conv.in_crisis


@pytest.mark.parametrize("text", CRISIS_EN + CRISIS_ZH)
def test_crisis_mid_conversation_and_during_music(text: str) -> None:
    h = Harness(locale="GB")
    h.conv.start(Trigger("checkin", "sad", 100))
    h.conv.hear("i had a really bad week")
    h.conv.hear("play some music")
    assert h.conv.state is State.ACTING
    h.conv.hear(text)
    assert h.care.calls[-1] == "stop"
    assert "116 123" in h.last()
    # From now on every reply keeps the hotline in view, and the outcome says crisis.
    h.conv.hear("i don't know")
    assert "116 123" in h.last()
    h.conv.hear("bye")
    assert "116 123" in h.last()
    assert h.ended().outcome == "crisis"


def test_crisis_beats_offer_state_and_ends_as_crisis_on_silence() -> None:
    h = Harness(locale="CN", lang="zh")
    h.conv.start(Trigger("user"))
    h.conv.hear("我压力很大")
    h.conv.hear("最近什么都不顺")
    assert h.conv.state is State.OFFERING
    h.conv.hear("我想结束这一切")
    assert "12356" in h.last()
    h.conv.on_silence()
    h.conv.on_silence()
    assert h.ended().outcome == "crisis"


def test_run_conversation_with_queue_and_end_of_input() -> None:
    h = Harness()
    h.conv.start(Trigger("user"))
    lines = iter(["i feel tired", None])

    def next_utterance(timeout: float) -> str | None:
        assert timeout == 12.0
        try:
            return next(lines)
        except StopIteration:
            raise EOFError from None

    assert run_conversation(h.conv, next_utterance) == "interrupted"
    assert h.ended().outcome == "interrupted"


def test_transcript_only_when_kept() -> None:
    h = Harness(keep_transcript=True)
    h.conv.start(Trigger("user"))
    h.conv.hear("bye")
    assert ("user", "bye") in h.ended().transcript
    h = Harness()
    h.conv.start(Trigger("user"))
    h.conv.hear("bye")
    assert h.ended().transcript == ()


def test_missing_and_corrupt_templates(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="not found"):
        Conversation(lambda *_: None, responses_dir=tmp_path)
    (tmp_path / "en.toml").write_text("[crisis\nreply = ", encoding="utf-8")
    with pytest.raises(UserError, match="unreadable") as err:
        Conversation(lambda *_: None, responses_dir=tmp_path)
    assert "\n" not in str(err.value)
    text = (RESPONSES_DIR / "en.toml").read_text(encoding="utf-8").replace("[silence]", "[quiet]")
    (tmp_path / "en.toml").write_text(text, encoding="utf-8")
    with pytest.raises(UserError, match=r"silence\.prompt"):
        Conversation(lambda *_: None, responses_dir=tmp_path)


def test_unknown_placeholder_typed_by_an_editor_stays_visible(tmp_path: Path) -> None:
    text = (RESPONSES_DIR / "en.toml").read_text(encoding="utf-8")
    text = text.replace('"Okay, stopped."', '"Okay {oops}, stopped {."')
    (tmp_path / "en.toml").write_text(text, encoding="utf-8")
    r = Replies("en", directory=tmp_path, rng=random.Random(0))
    picked = {r.pick("acting.stopped") for _ in range(2)}
    assert "Okay {oops}, stopped {." in picked


def test_failing_speaker_does_not_break_the_conversation() -> None:
    def broken_say(text: str, lang: str) -> None:
        raise RuntimeError("speaker unplugged")

    conv = Conversation(broken_say)
    conv.start(Trigger("user"))
    conv.hear("bye")
    assert conv.outcome == "completed"


def test_inbox_from_the_bus_drives_a_conversation() -> None:
    import threading

    from companion.bus import EventBus
    from companion.dialogue import UtteranceInbox
    from companion.events import UserSpeechStarted, Utterance

    bus = EventBus()
    inbox = UtteranceInbox().attach(bus)
    bus.publish(Utterance(t=0, text="i feel", lang="en", final=False))  # partials are ignored
    assert inbox(0.05) is None
    bus.publish(UserSpeechStarted(t=0))
    bus.publish(Utterance(t=0, text="i feel sad", lang="en"))
    assert inbox(0.05) == "i feel sad"
    h = Harness(settings=DialogueSettings(silence_timeout_s=3))
    h.conv.start(Trigger("user"))
    bus.publish(Utterance(t=0, text="i feel sad", lang="en"))
    bus.publish(Utterance(t=0, text="thanks bye", lang="en"))
    threading.Timer(5, inbox.close).start()  # safety net: never hang the test
    assert run_conversation(h.conv, inbox) == "completed"
    inbox.close()
    bus.publish(Utterance(t=0, text="late words", lang="en"))  # ignored once closed
    with pytest.raises(EOFError):
        inbox(1.0)


def test_spoken_stop_ends_a_running_breathing_exercise() -> None:
    import threading

    from companion.bus import EventBus
    from companion.care import CareKit
    from companion.dialogue import UtteranceInbox
    from companion.events import Utterance

    said: list[str] = []
    started = threading.Event()

    def say(text: str, lang: str) -> None:
        said.append(text)
        if text == "Breathe in":
            started.set()

    conv = Conversation(say, care=CareKit(breathing_cycles=4), rng=random.Random(3))
    conv.start(Trigger("user"))
    bus = EventBus()
    inbox = UtteranceInbox(notice=conv.notice).attach(bus)
    worker = threading.Thread(target=run_conversation, args=(conv, inbox, 30.0))
    worker.start()
    bus.publish(Utterance(t=0, text="guide me through a breathing exercise", lang="en"))
    assert started.wait(10)
    bus.publish(Utterance(t=0, text="stop", lang="en"))  # while hear() is busy guiding
    bus.publish(Utterance(t=0, text="thank you bye", lang="en"))
    worker.join(20)
    assert not worker.is_alive()
    assert said.count("Breathe in") == 1 and "Okay, we'll stop here." in said
    assert conv.outcome == "completed"  # "stop" ended the exercise, not the conversation
    after = said[said.index("Okay, we'll stop here.") + 1]
    assert after in load_templates("en")["acting"]["after"]


@pytest.mark.parametrize(
    ("lang", "risky", "yes", "no"),
    [
        ("en", "i feel completely hopeless", "yes", "no"),
        (
            "en",
            "i feel so worthless lately",
            "maybe sometimes",
            "no not at all",
        ),
        ("zh", "我觉得一切都没有意义", "是的", "没有"),
    ],
)
def test_risk_words_get_a_direct_safety_question(lang: str, risky: str, yes: str, no: str) -> None:
    checks = load_templates(lang)["crisis"]["check"]
    # Anything but a clear "no" leads to the hotline.
    h = Harness(lang=lang, locale="US")
    h.conv.start(Trigger("user"))
    h.conv.hear(risky)
    assert h.last() in checks and not h.conv.in_crisis
    h.conv.hear(yes)
    assert "988" in h.last() and h.conv.in_crisis
    # A clear "no" is thanked and the conversation goes on; the question is asked only once.
    h = Harness(lang=lang, locale="US")
    h.conv.start(Trigger("user"))
    h.conv.hear(risky)
    h.conv.hear(no)
    assert not h.conv.in_crisis and not h.conv.ended
    assert any(h.last().startswith(v) for v in load_templates(lang)["crisis"]["check_no"])
    h.conv.hear(risky)
    assert h.last() not in checks


def test_hyperbole_and_grief_are_not_questioned() -> None:
    for text in [
        "this traffic is killing me",
        "my grandmother passed away",
        "我累死了",
        "我的狗死了",
    ]:
        h = Harness()
        h.conv.start(Trigger("user"))
        h.conv.hear(text)
        assert h.last() not in load_templates(h.conv.lang)["crisis"]["check"], text


class BlockingCare(FakeCare):
    """Breathing that runs until stopped, so utterances can arrive mid-exercise."""

    def __init__(self) -> None:
        super().__init__()
        import threading

        self.running = threading.Event()
        self.stopped = threading.Event()

    def breathe(self, say: Callable[[str], None], cues: Mapping[str, str]) -> bool:
        self.running.set()
        self.stopped.wait(10)
        say(cues["stopped"])
        return False

    def stop(self) -> None:
        self.calls.append("stop")
        self.stopped.set()


def test_only_the_first_stop_during_an_exercise_is_swallowed() -> None:
    import threading

    care = BlockingCare()
    h = Harness(care=care)
    h.conv.start(Trigger("user"))
    worker = threading.Thread(target=h.conv.hear, args=("help me relax",))
    worker.start()
    assert care.running.wait(10)
    h.conv.notice("stop")  # both arrive while the exercise is still running
    h.conv.notice("thank you bye")
    worker.join(10)
    assert h.conv.state is State.LISTENING
    said = len(h.said)
    h.conv.hear("stop")  # already handled: no second reply
    assert len(h.said) == said and not h.conv.ended
    h.conv.hear("thank you bye")  # not swallowed: the goodbye is answered
    assert h.ended().outcome == "completed"
