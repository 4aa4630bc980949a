"""Text clean-up shared by the crisis detector and the intent classifier.

Why: input comes from speech recognition (lowercase, no punctuation, Chinese split into
words by spaces or not at all) or from typing (capitals, punctuation, apostrophes). Both
are brought to one canonical form first, so patterns and features see the same thing.
"""

from __future__ import annotations

import re

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_NOT_WORD = re.compile(r"[^0-9a-z\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_SPACE_BETWEEN_CJK = re.compile(r"(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])")
_APOSTROPHES = re.compile(r"['’`´]")

# Contractions as recognisers and typists write them (apostrophes already removed), so that
# "don't", "dont" and "do not" all read "do not".
_CONTRACTIONS = {
    "im": "i am",
    "ive": "i have",
    "id": "i would",
    "dont": "do not",
    "doesnt": "does not",
    "didnt": "did not",
    "cant": "can not",
    "cannot": "can not",
    "wont": "will not",
    "wouldnt": "would not",
    "couldnt": "could not",
    "shouldnt": "should not",
    "isnt": "is not",
    "arent": "are not",
    "wasnt": "was not",
    "werent": "were not",
    "havent": "have not",
    "hasnt": "has not",
    "aint": "am not",
    "wanna": "want to",
    "gonna": "going to",
    "gotta": "got to",
    "theres": "there is",
    "whats": "what is",
    "thats": "that is",
    "its": "it is",
    "youre": "you are",
    "theyre": "they are",
    "id've": "i would have",
    "nah": "no",
    "nope": "no",
    "yep": "yes",
    "yup": "yes",
    "yeah": "yes",
    "ok": "okay",
    "anymore": "any more",
}


def detect_lang(text: str) -> str:
    """ "zh" when the text has any Chinese characters, else "en" (the two languages we serve)."""
    return "zh" if _CJK.search(text) else "en"


def normalize(text: str, lang: str) -> str:
    """Canonical form: lowercase, no punctuation, contractions expanded (en), no spaces (zh)."""
    text = _APOSTROPHES.sub("", text.lower())
    text = _NOT_WORD.sub(" ", text).strip()
    if lang == "zh":
        return _SPACE_BETWEEN_CJK.sub("", text)
    words = [_CONTRACTIONS.get(w, w) for w in text.split()]
    return " ".join(words)
