"""`understand(text)`: what the user wants (intent), in which language, and how they feel.

Order matters: the crisis patterns run first and win over everything; then the trained
classifier picks one of the other intents; a small lexicon names the emotion so that
replies can reflect it ("that sounds lonely"). Works on raw speech-recognition output.
"""

from __future__ import annotations

import functools
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from companion.dialogue import classifier, crisis, text
from companion.errors import UserError

INTENTS = (
    "crisis",
    "negative",
    "positive",
    "decline",
    "accept",
    "music",
    "breathing",
    "goodbye",
    "other",
)
MODEL_PATH = Path(__file__).with_name("nlu_model.npz")
# The classifier alone may also flag a crisis (a phrasing the patterns lack); it must be
# fairly sure, so that everyday sadness is not answered with a hotline.
CLASSIFIER_CRISIS_MIN_P = 0.9
# Below that, for a negative utterance, a crisis probability this high (or, for any but a
# music request, a risk word or a concern phrase from `crisis`) makes `risk` true: the
# conversation then asks a gentle, direct safety question instead of guessing.
RISK_MIN_P = 0.5
# A single warning sign (a means, a farewell, affairs put in order: crisis.find_warning_sign)
# asks the safety question when the classifier also gives a crisis at least this probability.
WARNING_RISK_MIN_P = 0.2

# Emotion lexicon, most specific first: the first emotion with a hit is the tag.
_EMOTIONS: tuple[tuple[str, str, str], ...] = (
    (
        "grieving",
        r"\b(died|passed away|funeral|grieving|grief|lost my (mom|mother|dad|father|"
        r"grandma|grandmother|grandpa|grandfather|friend|dog|cat|pet|wife|husband)|miss my)\b",
        r"去世|过世|走了|葬礼|想念|(狗|猫|爸|妈|爷|奶|外公|外婆).{0,2}死了",
    ),
    (
        "hurt",
        r"\b(hurt|betrayed|rejected|dumped|broke up|left me|heartbroken|humiliated)\b",
        r"受伤|委屈|被甩|分手|失恋|拒绝|背叛|伤心",
    ),
    (
        "angry",
        r"\b(angry|mad|furious|annoyed|frustrated|frustrating|hate|yelled|yelling|shouting|pissed|"
        r"rage|irritated|fed up|sick of|unfair)\b",
        r"生气|气死|愤怒|不爽|恼火|火大|讨厌|骂|吼|烦躁|受不了|不公平",
    ),
    (
        "anxious",
        r"\b(anxious|anxiety|nervous|worried|worry|worrying|scared|afraid|panic|panicking|"
        r"fear|racing)\b",
        r"焦虑|紧张|担心|害怕|恐慌|不安|吓",
    ),
    (
        "stressed",
        r"\b(stress|stressed|stressful|pressure|overwhelmed|deadline|too much)\b",
        r"压力|崩溃|忙死|喘不过气",
    ),
    (
        "lonely",
        r"\b(lonely|alone|no friends|nobody|no one|ignore|ignored|left out|isolated)\b",
        r"孤单|孤独|寂寞|没人|一个人|没有人",
    ),
    (
        "tired",
        r"\b(tired|exhausted|worn out|drained|burned out|burnt out|sleep|sleepy|fatigued)\b",
        r"累|疲惫|困|睡不着|没力气",
    ),
    (
        "sad",
        r"\b(sad|down|depressed|unhappy|miserable|cry|crying|cried|empty|hopeless|upset|"
        r"terrible|awful|bad|not okay|not good|not great|worthless|failure)\b",
        r"难过|哭|不开心|郁闷|失落|心情(不好|很差|差)|空|难受|沮丧|不(太|怎么|是很)?好|糟|没用|无助",
    ),
    (
        "happy",
        r"\b(happy|good|great|better|glad|calm|calmer|relaxed|fine|okay|excited|wonderful)\b",
        r"开心|高兴|好多了|不错|挺好|很好|放松|平静|顺利|幸福",
    ),
)
_EMOTION_RE = {
    lang: [(name, re.compile(en if lang == "en" else zh)) for name, en, zh in _EMOTIONS]
    for lang in ("en", "zh")
}


@dataclass(frozen=True)
class Understanding:
    """The result of `understand`: one intent, the language, an emotion tag and the evidence."""

    text: str
    lang: str
    intent: str
    emotion: str
    confidence: float
    crisis_phrase: str | None = None
    scores: dict[str, float] = field(default_factory=dict)
    risk: bool = False  # not a clear crisis, but worth asking about (see crisis.find_risk)

    def to_dict(self) -> dict:
        return asdict(self)


@functools.lru_cache(maxsize=4)
def load_intent_models(path: Path = MODEL_PATH) -> dict[str, classifier.IntentModel]:
    """Load (once) the shipped classifier weights; a missing or broken file is a UserError."""
    try:
        return classifier.load_models(path)
    except (OSError, ValueError, KeyError) as exc:
        raise UserError(
            f"intent model {path} is missing or unreadable ({exc}); "
            "rebuild it with: python -m companion.dialogue.train"
        ) from None


def emotion_of(normalized: str, lang: str) -> str:
    """The most specific emotion word in the text, or "neutral"."""
    for name, pattern in _EMOTION_RE.get(lang, _EMOTION_RE["en"]):
        if pattern.search(normalized):
            return name
    return "neutral"


def understand(
    utterance: str, lang: str | None = None, *, model_path: Path = MODEL_PATH
) -> Understanding:
    """Intent, language ("en"/"zh", detected from the script when the text has letters) and
    emotion of one utterance. Crisis patterns are checked first and always win."""
    has_letters = re.search(r"[^\W\d_]", utterance or "") is not None
    lang = text.detect_lang(utterance) if has_letters or not lang else lang
    normalized = text.normalize(utterance or "", lang)
    if not normalized:
        return Understanding(normalized, lang, "other", "neutral", 1.0)
    phrase = crisis.find_crisis(normalized, lang)
    if phrase is not None:
        return Understanding(normalized, lang, "crisis", "despair", 1.0, crisis_phrase=phrase)
    models = load_intent_models(model_path)
    model = models.get(lang) or next(iter(models.values()))
    probs = model.probabilities(classifier.features(normalized, lang))
    scores = {c: round(float(p), 4) for c, p in zip(model.classes, probs, strict=True)}
    ranked = sorted(scores, key=scores.__getitem__, reverse=True)
    intent = ranked[0]
    others = crisis.about_others(normalized, lang)
    if intent == "crisis" and (scores["crisis"] < CLASSIFIER_CRISIS_MIN_P or others):
        intent = ranked[1]
    emotion = "despair" if intent == "crisis" else emotion_of(normalized, lang)
    sign = crisis.find_warning_sign(normalized, lang) if intent != "music" else None
    risk = intent != "crisis" and (
        (intent == "negative" and scores["crisis"] >= RISK_MIN_P and not others)
        # Risk words count whatever the classifier's guess (it reads unseen crisis phrasings
        # as goodbye, decline or even positive); only music is left out, for song titles.
        or (intent != "music" and crisis.find_risk(normalized, lang) is not None)
        or crisis.find_concern(normalized, lang) is not None
        # A passive death wish is asked about whatever the classifier thinks ("if i don't
        # wake up that's fine" reads as positive); other single signs need its doubt.
        or (sign is not None and sign.startswith("deathwish"))
        or (sign is not None and scores["crisis"] >= WARNING_RISK_MIN_P)
    )
    return Understanding(
        normalized, lang, intent, emotion, scores[intent], scores=scores, risk=risk
    )
