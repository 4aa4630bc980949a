"""Speech recognition: Vosk when a model is installed, pocketsphinx's English as a fallback.

Both recognisers stream: `accept()` takes 16 kHz int16 frames during an utterance and may
return a growing partial text; `finish()` returns the final text and readies the
recogniser for the next utterance. English works out of the box because the pocketsphinx
wheel ships an en-us model; Chinese needs `companion models install zh`.
"""

from __future__ import annotations

import json
import logging
from typing import Protocol

import numpy as np

from companion.config import VoiceSettings
from companion.errors import UserError
from companion.voice.audio_in import FRAME_SAMPLES, SAMPLE_RATE
from companion.voice.model_manager import FoundModel, find_vosk_model

log = logging.getLogger(__name__)


class Recognizer(Protocol):
    lang: str
    description: str

    def accept(self, frame: bytes) -> str | None:
        """Feed audio; returns the current partial text when it changed, else None."""

    def finish(self) -> str:
        """Final text of the utterance fed so far; the recogniser is ready for the next."""


class VoskRecognizer:
    """Vosk KaldiRecognizer over a model folder (never `Model(lang=...)`: that downloads)."""

    def __init__(self, found: FoundModel) -> None:
        try:
            import vosk
        except ImportError as exc:
            raise UserError(f"speech recognition unavailable: {exc}", exit_code=3) from None
        vosk.SetLogLevel(-1)  # Kaldi's logging goes straight to stderr otherwise
        try:
            self._model = vosk.Model(str(found.path))
        except Exception as exc:
            raise UserError(
                f"cannot load the Vosk model at {found.path} ({exc}); reinstall it with "
                f"`companion models install {found.lang} --force`",
                exit_code=3,
            ) from None
        self._vosk = vosk
        self.lang = found.lang
        self.description = f"Vosk model {found.path.name} ({found.source})"
        self._rec = vosk.KaldiRecognizer(self._model, SAMPLE_RATE)
        self._done_text: list[str] = []
        self._partial = ""

    def accept(self, frame: bytes) -> str | None:
        if self._rec.AcceptWaveform(frame):
            # Vosk found its own endpoint inside our utterance: keep that piece.
            text = json.loads(self._rec.Result()).get("text", "")
            if text:
                self._done_text.append(text)
            partial = ""
        else:
            partial = json.loads(self._rec.PartialResult()).get("partial", "")
        combined = " ".join([*self._done_text, partial]).strip()
        if combined and combined != self._partial:
            self._partial = combined
            return combined
        return None

    def finish(self) -> str:
        text = json.loads(self._rec.FinalResult()).get("text", "")
        final = " ".join([*self._done_text, text]).strip()
        self._done_text = []
        self._partial = ""
        self._rec.Reset()
        return final


class PocketsphinxRecognizer:
    """CMU pocketsphinx with the en-us model inside its wheel: English with no download."""

    def __init__(self) -> None:
        try:
            from pocketsphinx import Decoder
        except ImportError as exc:
            raise UserError(f"speech recognition unavailable: {exc}", exit_code=3) from None
        # No flat-lexicon second pass: it made the final text ~10x slower to arrive
        # (97 -> 8 ms median here) for no visible accuracy gain on our test phrases.
        self._decoder = Decoder(samprate=SAMPLE_RATE, loglevel="FATAL", fwdflat=False)
        self.lang = "en"
        self.description = "pocketsphinx built-in en-us model (fallback)"
        self._in_utt = False
        self._partial = ""

    def accept(self, frame: bytes) -> str | None:
        if not self._in_utt:
            self._decoder.start_utt()
            self._in_utt = True
        self._decoder.process_raw(frame, False, False)
        hyp = self._decoder.hyp()
        text = hyp.hypstr.strip() if hyp is not None else ""
        if text and text != self._partial:
            self._partial = text
            return text
        return None

    def finish(self) -> str:
        if not self._in_utt:
            return ""
        self._decoder.end_utt()
        self._in_utt = False
        self._partial = ""
        hyp = self._decoder.hyp()
        return hyp.hypstr.strip() if hyp is not None else ""


def warm_up(recognizer: Recognizer, samples: np.ndarray | None = None) -> None:
    """Decode some audio once before the first turn (Vosk only; see open_recognizer).

    Why: Vosk builds parts of their search graph lazily, so the first utterance costs
    several times real time with Vosk (measured: 2.5 s for 1.3 s of speech), which would
    land on the user's first turn. Loud noise (the default) touches most of the graph;
    real speech in the language (e.g. rendered by the Speaker) is better still.
    """
    if samples is None:
        samples = np.random.default_rng(0).normal(0, 3000, 2 * SAMPLE_RATE).astype(np.int16)
    for start in range(0, samples.size - FRAME_SAMPLES + 1, FRAME_SAMPLES):
        recognizer.accept(samples[start : start + FRAME_SAMPLES].tobytes())
    recognizer.finish()


def open_recognizer(lang: str, settings: VoiceSettings | None = None) -> Recognizer:
    """The best recogniser for `lang`; UserError (exit 3) saying how to fix it if there is none.

    English without a Vosk model falls back to pocketsphinx and logs that once per call.
    """
    found = find_vosk_model(lang, settings)
    if found is not None:
        recognizer = VoskRecognizer(found)
        warm_up(recognizer)
        return recognizer
    if lang == "en":
        log.warning(
            "no English Vosk model installed; using the built-in pocketsphinx recognizer "
            "(less accurate; `companion models install en` for better recognition)"
        )
        # No warm-up: pocketsphinx has no lazy graph, and noise would skew its running
        # cepstral mean normalisation (measured: "yes please" heard as "use the").
        return PocketsphinxRecognizer()
    hint = "companion models install zh" if lang == "zh" else f"pip install vosk-model-{lang}"
    raise UserError(f"no speech model for {lang!r} is installed; run `{hint}`", exit_code=3)
