"""Intent understanding in English and Chinese, measured on the held-out dev set."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from companion.cli import main
from companion.dialogue import INTENTS, understand
from companion.dialogue.nlu import load_intent_models
from companion.dialogue.train import DATA_DIR, TRAIN_SPLITS, read_tsv, training_rows
from companion.errors import UserError

REPO = Path(__file__).resolve().parents[1]


def _rows(name: str) -> list[tuple[str, str]]:
    return read_tsv(DATA_DIR / name)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_dev_set_meets_goals(lang: str) -> None:
    rows = _rows(f"{lang}_dev.tsv")
    assert len(rows) >= 150
    assert {intent for intent, _ in rows} == set(INTENTS)
    results = [(gold, understand(text, lang).intent, text) for gold, text in rows]
    accuracy = sum(gold == got for gold, got, _ in results) / len(results)
    missed = [text for gold, got, text in results if gold == "crisis" and got != "crisis"]
    false_alarms = [text for gold, got, text in results if gold != "crisis" and got == "crisis"]
    assert accuracy >= 0.95, accuracy
    assert missed == []
    assert false_alarms == []


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_dev_set_is_held_out_from_training(lang: str) -> None:
    """Blind sets that joined training (test4) share a few short lines with dev by chance;
    `training_rows` drops those, so the model never sees a dev line."""
    train = {text for _, text in training_rows(lang)}
    dev = {text for _, text in _rows(f"{lang}_dev.tsv")}
    assert not dev & train
    assert len(train) >= 900


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_no_false_alarm_and_rare_needless_questions_on_all_labelled_data(lang: str) -> None:
    """Over every non-crisis line we have (about 1000 per language): the hotline never
    appears uninvited, and the gentle safety question is asked for under 1% of them."""
    rows = [row for split in (*TRAIN_SPLITS, "dev") for row in _rows(f"{lang}_{split}.tsv")]
    calm = [understand(text, lang) for gold, text in rows if gold != "crisis"]
    assert len(calm) >= 900
    assert [u.text for u in calm if u.intent == "crisis"] == []
    assert sum(u.risk for u in calm) / len(calm) < 0.01


CRISIS = [
    "i want to kill myself",
    "i have a plan to kill my self",
    "i don't want to be here anymore",
    "everyone would be better off without me",
    "sometimes i think about ending it all",
    "I just want to go to sleep and never wake up.",
    "there is no reason for me to live",
    "i've been cutting myself",
    "不想活了",
    "活着没意思",
    "想结束这一切",
    "我 想 自杀",
    "大家没有我会更好",
    "我不想再醒来了",
    "我想从楼上跳下去",
]
NOT_CRISIS = [
    ("this deadline is killing me", "negative"),
    ("i'm dying to see that movie", None),
    ("i killed it at my presentation", "positive"),
    ("我累死了", "negative"),
    ("笑死我了", "positive"),
    ("想死你了", None),
    ("我气死了", "negative"),
]


@pytest.mark.parametrize("text", CRISIS)
def test_crisis_phrasings_direct_and_indirect(text: str) -> None:
    assert understand(text).intent == "crisis"


@pytest.mark.parametrize(("text", "expected"), NOT_CRISIS)
def test_everyday_hyperbole_is_not_a_crisis(text: str, expected: str | None) -> None:
    result = understand(text)
    assert result.intent != "crisis"
    if expected:
        assert result.intent == expected


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("not bad", "positive"),
        ("i'm not okay", "negative"),
        ("I'm NOT okay!", "negative"),
        ("不太好", "negative"),
        ("还不错", "positive"),
        ("leave me alone", "decline"),
        ("yes please", "accept"),
        ("play some music", "music"),
        ("help me calm down", "breathing"),
        ("thanks bye", "goodbye"),
        ("放首歌吧", "music"),
        ("别烦我", "decline"),
    ],
)
def test_negation_and_core_intents(text: str, intent: str) -> None:
    assert understand(text).intent == intent


def test_language_detection_and_normalisation() -> None:
    en = understand("I'm SO tired...")
    assert (en.lang, en.text, en.emotion) == ("en", "i am so tired", "tired")
    zh = understand("我 好 累 啊")
    assert (zh.lang, zh.text) == ("zh", "我好累啊")
    assert understand("12345", "zh").lang == "zh"
    assert understand("", "zh").intent == "other"


@pytest.mark.parametrize(
    ("text", "emotion"),
    [
        ("i'm so angry at my boss", "angry"),
        ("i'm worried about the exam", "anxious"),
        ("i feel lonely", "lonely"),
        ("my grandmother passed away", "grieving"),
        ("我很焦虑", "anxious"),
        ("我好孤单", "lonely"),
    ],
)
def test_emotion_tags(text: str, emotion: str) -> None:
    assert understand(text).emotion == emotion


def test_missing_model_file_is_one_line_error(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="intent model"):
        load_intent_models(tmp_path / "missing.npz")
    broken = tmp_path / "broken.npz"
    broken.write_bytes(b"not a zip")
    with pytest.raises(UserError, match="unreadable"):
        load_intent_models(broken)


def test_bad_training_row_is_reported(tmp_path: Path) -> None:
    bad = tmp_path / "x.tsv"
    bad.write_text("happy\tthis intent does not exist\n", encoding="utf-8")
    with pytest.raises(UserError, match=r"x.tsv:1"):
        read_tsv(bad)


def test_nlu_command_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["nlu", "i don't want to be here anymore", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["intent"] == "crisis" and data["lang"] == "en"
    assert data["crisis_phrase"]
    assert main(["nlu", "我今天好难过"]) == 0
    out = capsys.readouterr().out
    assert "intent=negative" in out and "lang=zh" in out


def test_nlu_command_subprocess() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "companion", "nlu", "放点音乐吧", "--json"],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["intent"] == "music"


def test_eval_tool_reports_numbers() -> None:
    proc = subprocess.run(
        [sys.executable, "tools/eval_nlu.py", "--json"],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    reports = {r["lang"]: r for r in json.loads(proc.stdout)}
    for lang in ("en", "zh"):
        assert reports[lang]["accuracy"] >= 0.95
        assert reports[lang]["crisis_recall"] == 1.0
        assert reports[lang]["crisis_false_alarms"] == 0


@pytest.mark.slow
def test_shipped_model_is_reproducible_from_the_training_files(tmp_path: Path) -> None:
    from companion.dialogue import classifier, train

    path = tmp_path / "model.npz"
    classifier.save_models(train.train_all(), path)
    for lang in ("en", "zh"):
        rows = _rows(f"{lang}_dev.tsv")
        fresh = [understand(text, lang, model_path=path).intent for _, text in rows]
        shipped = [understand(text, lang).intent for _, text in rows]
        agree = sum(a == b for a, b in zip(fresh, shipped, strict=True)) / len(rows)
        assert agree >= 0.98
        assert sum(g == f for (g, _), f in zip(rows, fresh, strict=True)) / len(rows) >= 0.95


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_second_author_test_set_crisis_is_caught_or_asked(lang: str) -> None:
    """tests/data/nlu/{lang}_test.tsv was written by a second author before any change (its
    blind numbers are in the README). Every crisis line must at least bring the safety
    question, nothing calm may get the hotline, and accuracy stays near what was measured
    after the crisis work (en 94.4%, zh 93.2%)."""
    rows = _rows(f"{lang}_test.tsv")
    assert len(rows) >= 150
    assert sum(gold == "crisis" for gold, _ in rows) >= 30
    results = [(gold, understand(text, lang), text) for gold, text in rows]
    unasked = [t for g, u, t in results if g == "crisis" and u.intent != "crisis" and not u.risk]
    false_alarms = [t for g, u, t in results if g != "crisis" and u.intent == "crisis"]
    accuracy = sum(gold == u.intent for gold, u, _ in results) / len(results)
    assert unasked == []
    assert false_alarms == []
    assert accuracy >= 0.90, accuracy


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_second_author_test_set_is_never_trained_on(lang: str) -> None:
    """test.tsv stays out of TRAIN_SPLITS (test2 and test3 joined after their one blind run).
    It was written without seeing the training data, so some short common lines ("bye", "yes
    please") coincide with training lines by chance (en 28, zh 15 of 161; the README reports
    numbers with and without them)."""
    assert "test" not in TRAIN_SPLITS
    train = {text for split in TRAIN_SPLITS for _, text in _rows(f"{lang}_{split}.tsv")}
    test = {text for _, text in _rows(f"{lang}_test.tsv")}
    assert len(test & train) <= 0.3 * len(test)  # test4 (written blind) added a few more
    assert not test & {text for _, text in training_rows(lang)}  # and those are skipped


# Round 5 (test5's error categories). These phrasings are in no data file.
ROUND5_CRISIS = [
    "honestly if i never wake up again that's fine with me",
    "i am standing on the edge of the roof right now",
    "i have not eaten in days i do not deserve it",
    "i really want a die",
    "好累 想 一睡 不醒 那样 挺 好",
    "我 用 头 撞墙 撞 到 出血 我 活该",
    "最近 总 冒出 青生 的 念头",
]
ROUND5_NOT_CRISIS = [
    "my neighbour told me he's been thinking about suicide and i'm worried",
    "my uncle took his own life when i was ten",
    "this is my last night in tokyo",
    "if i do not wake up early that is fine i have the day off",
    "i hit myself in the head with the cupboard door",
    "日子定好了 下个月结婚",
    "以后你们见不到我了 我要出国了",
    "加班 到 十二点 累 得 想死 的 心 都 有 了",
    "这关我死了好多次",
]


@pytest.mark.parametrize("text", ROUND5_CRISIS)
def test_round5_categories_are_caught(text: str) -> None:
    assert understand(text).intent == "crisis"


@pytest.mark.parametrize("text", ROUND5_NOT_CRISIS)
def test_round5_look_alikes_get_no_hotline(text: str) -> None:
    assert understand(text).intent != "crisis"


def test_death_wish_overrides_positive_words() -> None:
    from companion.dialogue import lexicon

    cues = lexicon.cues("if i do not wake up tomorrow that is fine", "en")
    assert "lex:ws_deathwish" in cues and "lex:pos" not in cues
    zh = lexicon.cues("要是明天醒不过来也挺好的", "zh")
    assert "lex:ws_deathwish" in zh and "lex:pos" not in zh
