"""The optional local text model: guarded by a deadline and a safety filter, never needed.

The "real" model here is a tiny randomly initialised GPT-2 that the test builds and saves
itself (a tokenizer trained on a few sentences, 2 layers): no download, no shipped weights.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from companion.config import DialogueSettings
from companion.dialogue.llm import (
    GuardedGenerator,
    TransformersEngine,
    build_prompt,
    load_generator,
)
from companion.dialogue.manager import Conversation, State, Trigger
from companion.dialogue.replies import load_templates
from companion.dialogue.safety import safe_reply
from companion.errors import UserError

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


class FixedEngine:
    def __init__(self, reply: str) -> None:
        self.reply = reply
        self.prompts: list[str] = []

    def generate(self, prompt: str, lang: str) -> str:
        self.prompts.append(prompt)
        return self.reply


class SlowEngine:
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.release = threading.Event()

    def generate(self, prompt: str, lang: str) -> str:
        self.release.wait(self.seconds)
        return "That sounds hard, I'm here with you."


class BrokenEngine:
    def generate(self, prompt: str, lang: str) -> str:
        raise RuntimeError("CUDA out of memory")


def _conversation(generator: GuardedGenerator, said: list[str], **kwargs: object) -> Conversation:
    conv = Conversation(
        lambda text, lang: said.append(text), DialogueSettings(), generator=generator, **kwargs
    )
    conv.start(Trigger("user"))
    return conv


def test_model_reply_is_used_when_safe() -> None:
    engine = FixedEngine("That sounds really heavy. I'm listening.")
    said: list[str] = []
    conv = _conversation(GuardedGenerator(engine, 2.0), said)
    conv.hear("my exams went badly")
    assert said[-1].startswith("That sounds really heavy. I'm listening.")
    assert "my exams went badly" in engine.prompts[0]


@pytest.mark.parametrize(
    "unsafe",
    [
        "It sounds like you have clinical depression.",
        "I am a licensed therapist, trust me.",
        "I promise everything will be fine.",
        "Maybe you should just kill yourself.",
        "Take two of your sleeping pills.",
        "Call 555-123-4567 now.",
        "好的好的",  # wrong language for an English conversation
        "",
    ],
)
def test_unsafe_model_reply_falls_back_to_template(unsafe: str) -> None:
    said: list[str] = []
    generator = GuardedGenerator(FixedEngine(unsafe), 2.0)
    conv = _conversation(generator, said)
    conv.hear("i feel sad")
    templates = load_templates("en")["reflect"]["sad"]
    assert any(said[-1].startswith(t) for t in templates)
    assert generator.last_failure == "filtered"


def test_safety_filter_trims_and_checks_language() -> None:
    long = "That sounds hard. " * 30
    trimmed = safe_reply(long, "en")
    assert trimmed and len(trimmed) <= 240 and trimmed.endswith(".")
    assert safe_reply("听起来很不容易，我在这里陪你。", "zh") == "听起来很不容易，我在这里陪你。"
    assert safe_reply("你应该去医院诊断一下抑郁症", "zh") is None
    assert safe_reply("我不想活了", "zh") is None
    assert safe_reply("That sounds hard.", "zh") is None


def test_timeout_falls_back_and_busy_engine_is_skipped() -> None:
    engine = SlowEngine(seconds=30)
    generator = GuardedGenerator(engine, timeout_s=0.2)
    said: list[str] = []
    conv = _conversation(generator, said)
    start = time.monotonic()
    conv.hear("i feel sad")
    assert generator.last_failure == "timeout"
    assert any(said[-1].startswith(t) for t in load_templates("en")["reflect"]["sad"])
    conv.hear("everything is going wrong")  # the late answer is still running: skip at once
    assert generator.last_failure == "busy"
    assert time.monotonic() - start < 10
    engine.release.set()
    generator.close()


def test_engine_error_falls_back() -> None:
    generator = GuardedGenerator(BrokenEngine(), 2.0)
    said: list[str] = []
    conv = _conversation(generator, said)
    conv.hear("i am lonely")
    assert generator.last_failure.startswith("error")
    assert any(said[-1].startswith(t) for t in load_templates("en")["reflect"]["lonely"])


@pytest.mark.parametrize("text", ["i want to kill myself", "活着没意思"])
def test_crisis_with_model_on_never_asks_the_model(text: str) -> None:
    engine = FixedEngine("You will be fine, no need to call anyone.")
    said: list[str] = []
    conv = _conversation(GuardedGenerator(engine, 2.0), said, locale="US")
    conv.hear("i had a rough day")
    asked = len(engine.prompts)
    conv.hear(text)
    assert "988" in said[-1]
    assert len(engine.prompts) == asked
    conv.hear("i don't know")
    assert "988" in said[-1] and len(engine.prompts) == asked


def test_prompt_contains_recent_turns_and_emotion() -> None:
    prompt = build_prompt([("user", "hello"), ("bot", "hi"), ("user", "i am sad")], "en", "sad")
    assert prompt.endswith("Companion:")
    assert "User: i am sad" in prompt and "seems sad" in prompt


# ---- the real loading code, with a tiny model built here --------------------------------
@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("torch")
    transformers = pytest.importorskip("transformers")
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers

    folder = tmp_path_factory.mktemp("tiny-gpt2")
    corpus = [
        "That sounds hard. I am here with you.",
        "Thank you for telling me. Take your time.",
        "听起来很不容易。我在这里陪你。",
    ] * 20
    tok = Tokenizer(models.BPE(unk_token="<unk>"))
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=400,
        special_tokens=["<unk>", "<eos>"],
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
    )
    tok.train_from_iterator(corpus, trainer)
    fast = transformers.PreTrainedTokenizerFast(
        tokenizer_object=tok, eos_token="<eos>", unk_token="<unk>", pad_token="<eos>"
    )
    fast.save_pretrained(folder)
    config = transformers.GPT2Config(
        vocab_size=len(fast),
        n_positions=1024,
        n_embd=32,
        n_layer=2,
        n_head=2,
        bos_token_id=fast.eos_token_id,
        eos_token_id=fast.eos_token_id,
    )
    transformers.GPT2LMHeadModel(config).save_pretrained(folder)
    return folder


def test_tiny_local_model_loads_and_generates(tiny_model: Path) -> None:
    engine = TransformersEngine(tiny_model, max_new_tokens=12)
    prompt = build_prompt([("user", "i feel sad")], "en", "sad")
    text = engine.generate(prompt, "en")
    assert isinstance(text, str) and "\n" not in text
    generator = GuardedGenerator(engine, timeout_s=30)
    reply = generator.reply([("user", "i feel sad")], "en", "sad")
    # Random weights babble: the reply is either dropped by the filter or passed it.
    assert (reply is None and generator.last_failure == "filtered") or reply == safe_reply(
        reply, "en"
    )
    generator.close()


def test_conversation_with_tiny_model_still_safe(tiny_model: Path) -> None:
    generator = load_generator(str(tiny_model), timeout_s=30)
    assert generator is not None
    said: list[str] = []
    conv = _conversation(generator, said, locale="GB", lang="en")
    conv.hear("work has been awful")
    assert said[-1] and conv.state in (State.LISTENING, State.OFFERING)
    conv.hear("i don't want to be here anymore")
    assert "116 123" in said[-1]


def test_tiny_model_timeout_falls_back(tiny_model: Path) -> None:
    generator = GuardedGenerator(TransformersEngine(tiny_model, max_new_tokens=200), timeout_s=0.01)
    assert generator.reply([("user", "i feel sad")], "en", "sad") is None
    assert generator.last_failure == "timeout"
    generator.close()


def test_broken_or_missing_model_folder_means_templates(tmp_path: Path) -> None:
    assert load_generator("", 2.0) is None
    assert load_generator(str(tmp_path / "nope"), 2.0) is None
    (tmp_path / "config.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(UserError, match="cannot load the text model"):
        TransformersEngine(tmp_path)
    assert load_generator(str(tmp_path), 2.0) is None
