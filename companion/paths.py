"""Where companion keeps settings, state and downloaded models.

Uses platformdirs so each OS gets its native place; on Linux the XDG variables
(XDG_CONFIG_HOME, XDG_DATA_HOME) are respected, which is how tests and users redirect them.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import platformdirs

APP_NAME = "companion"
REPO_ROOT = Path(__file__).resolve().parent.parent
MODELS_DIR = REPO_ROOT / "models"
RESPONSES_DIR = REPO_ROOT / "responses"


def config_dir() -> Path:
    """Folder of settings.toml (created on demand)."""
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def data_dir() -> Path:
    """Folder of the database, learned baseline and installed speech models."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def ensure_dir(path: Path) -> Path:
    """Create `path` (private to the user) if missing and return it."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def write_text_atomic(path: Path, text: str) -> Path:
    """Write a whole file or nothing: temp file in the same folder, fsync, rename.

    Why: settings, the learned baseline and login entries must survive a crash or a power
    cut mid-write; a reader sees the old file or the new one, never half of one.
    """
    ensure_dir(path.parent)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
