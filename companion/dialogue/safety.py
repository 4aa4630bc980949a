"""The filter every generated (non-template) reply passes before it is spoken.

Why: a local text model can say anything. The companion must never diagnose, never claim
to be a therapist, never promise, never give medical or method details, and never start
talking about self-harm itself. A reply that fails any check is dropped and a template is
used instead; rejecting a fine reply costs little, speaking a harmful one costs a lot.
"""

from __future__ import annotations

import re

from companion.dialogue import crisis, text

MAX_CHARS = {"en": 240, "zh": 100}
_BANNED = {
    "en": re.compile(
        r"\b(diagnos\w*|disorder|depression|bipolar|adhd|ptsd|therap\w*|psychiatr\w*|"
        r"psycholog\w*|doctor|medic\w*|pills?|dose|dosage|drugs?|promise|guarantee\w*|"
        r"i am (a|an|your) (human|person|counsell?or|professional)|i will always|"
        r"suicid\w*|kill|die|dying|death|dead|weapon|gun|knife|rope|overdose)\b"
        r"|https?://|www\.|@|\d{3,}"
    ),
    "zh": re.compile(
        r"诊断|抑郁症|焦虑症|障碍|治疗|医生|心理师|咨询师|药|剂量|保证|承诺|答应你|"
        r"自杀|死|刀|绳|枪|http|www|@|\d{3,}"
    ),
}
_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s*")
_CJK = re.compile(r"[\u3400-\u9fff]")


def safe_reply(candidate: str | None, lang: str) -> str | None:
    """The reply trimmed to a spoken length, or None when it must not be said."""
    if not candidate:
        return None
    reply = " ".join(candidate.split())
    reply = _trim(reply, MAX_CHARS.get(lang, 240))
    if len(reply) < 4:
        return None
    cjk = len(_CJK.findall(reply))
    if lang == "zh" and cjk < max(2, len(reply.replace(" ", "")) // 2):
        return None
    if lang == "en" and (cjk or len(re.findall(r"[a-zA-Z]", reply)) < len(reply) * 0.6):
        return None
    lowered = reply.lower()
    if _BANNED.get(lang, _BANNED["en"]).search(lowered):
        return None
    if crisis.find_crisis(text.normalize(reply, lang), lang):
        return None
    return reply


def _trim(reply: str, limit: int) -> str:
    """Cut at the last sentence end within `limit`; a reply with no sentence end that fits
    is kept whole, one that does not fit is cut at a word."""
    if len(reply) <= limit:
        return reply
    kept = ""
    for sentence in _SENTENCE_END.split(reply):
        if len(kept) + len(sentence) + 1 > limit:
            break
        kept = f"{kept} {sentence}".strip()
    return kept or reply[:limit].rsplit(" ", 1)[0]
