"""Optional: more varied replies from a local text model (transformers), never required.

Why guarded like this: the model runs in its own worker thread with a deadline
(dialogue.llm_timeout_s); when it is late, fails, or says something the safety filter
rejects, the caller gets None and speaks a template instead. The crisis check has already
run on the user's words before a model is ever asked. Weights come only from the local
folder in dialogue.llm_model_path; nothing is downloaded.
"""

from __future__ import annotations

import concurrent.futures
import logging
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from companion.dialogue.safety import safe_reply
from companion.errors import UserError

log = logging.getLogger(__name__)

_SYSTEM = {
    "en": "A kind, calm companion listens and answers in one or two short, warm sentences. "
    "It never gives advice about medicine and never diagnoses.",
    "zh": "一个温和、平静的陪伴者认真倾听，用一两句简短温暖的话回应，不提供医疗建议，也不做诊断。",
}
_ROLES = {"en": ("User", "Companion"), "zh": ("用户", "陪伴者")}


class TextEngine(Protocol):
    """Anything that continues a prompt with text (the real model, or a fake in tests)."""

    def generate(self, prompt: str, lang: str) -> str: ...


def build_prompt(history: Sequence[tuple[str, str]], lang: str, emotion: str) -> str:
    """A plain-text dialogue prompt from the last few (speaker, text) turns."""
    user, bot = _ROLES.get(lang, _ROLES["en"])
    lines = [_SYSTEM.get(lang, _SYSTEM["en"])]
    if emotion not in ("", "neutral"):
        lines.append(f"(The user seems {emotion}.)" if lang == "en" else f"（用户似乎{emotion}。）")
    for speaker, said in history[-6:]:
        lines.append(f"{user if speaker == 'user' else bot}: {said}")
    lines.append(f"{bot}:")
    return "\n".join(lines)


class TransformersEngine:
    """A causal language model loaded from a local folder (config, weights, tokenizer)."""

    def __init__(self, model_path: str | Path, max_new_tokens: int = 40) -> None:
        path = Path(model_path).expanduser()
        if not path.is_dir():
            raise UserError(f"text model folder not found: {path}")
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:
            import torch  # noqa: F401
            from transformers import AutoModelForCausalLM, AutoTokenizer
        except ImportError:
            raise UserError(
                "the local text model needs transformers and torch: pip install 'companion[llm]'",
                exit_code=3,
            ) from None
        try:
            self.tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
            self.model = AutoModelForCausalLM.from_pretrained(path, local_files_only=True)
        except Exception as exc:  # transformers raises many types for a bad folder
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise UserError(f"cannot load the text model in {path}: {reason}") from None
        self.model.eval()
        self.max_new_tokens = max_new_tokens

    def generate(self, prompt: str, lang: str) -> str:
        import torch

        inputs = self.tokenizer(prompt, return_tensors="pt")
        pad = self.tokenizer.pad_token_id
        if pad is None:
            pad = self.tokenizer.eos_token_id
        with torch.no_grad():
            out = self.model.generate(
                **inputs,
                max_new_tokens=self.max_new_tokens,
                do_sample=True,
                top_p=0.9,
                temperature=0.8,
                pad_token_id=pad,
            )
        new_tokens = out[0, inputs["input_ids"].shape[1] :]
        reply = self.tokenizer.decode(new_tokens, skip_special_tokens=True)
        return reply.strip().split("\n")[0]


class GuardedGenerator:
    """Asks an engine for a reply with a deadline and a safety filter; None means "use a
    template". Owns one worker thread, ended by close()."""

    def __init__(self, engine: TextEngine, timeout_s: float = 2.0) -> None:
        self.engine = engine
        self.timeout_s = timeout_s
        self._pool = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="companion-llm")
        self._pending: concurrent.futures.Future | None = None
        self.last_failure = ""

    def reply(self, history: Sequence[tuple[str, str]], lang: str, emotion: str) -> str | None:
        if self._pending is not None and not self._pending.done():
            self.last_failure = "busy"  # a late answer is still running: do not queue behind it
            return None
        prompt = build_prompt(history, lang, emotion)
        self._pending = self._pool.submit(self.engine.generate, prompt, lang)
        try:
            raw = self._pending.result(timeout=self.timeout_s)
        except concurrent.futures.TimeoutError:
            self.last_failure = "timeout"
            log.info("text model took longer than %.1f s; using a template", self.timeout_s)
            return None
        except Exception as exc:
            self.last_failure = f"error: {exc}"
            log.warning("text model failed (%s); using a template", exc)
            return None
        reply = safe_reply(raw, lang)
        self.last_failure = "" if reply else "filtered"
        return reply

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


def load_generator(model_path: str, timeout_s: float) -> GuardedGenerator | None:
    """The guarded local model named in settings, or None (templates) when unset or broken."""
    if not model_path:
        return None
    try:
        return GuardedGenerator(TransformersEngine(model_path), timeout_s)
    except UserError as exc:
        log.warning("%s; replies come from templates", exc)
        return None
