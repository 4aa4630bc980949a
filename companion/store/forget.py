"""Delete everything companion has learned about the user, in one call.

What goes: every database row (mood minutes, check-ins, conversations, transcripts; the file
is vacuumed so the bytes go too) and the learned baseline file(s) in the data dir.
What stays: settings (they are preferences, not observations; pass include_settings=True
to reset them too) and installed speech models (software, not personal data).
"""

from __future__ import annotations

from pathlib import Path

from companion import paths
from companion.store.db import Store

BASELINE_GLOB = "baseline*"


def forget_everything(
    store: Store,
    data_dir: Path | None = None,
    settings_file: Path | None = None,
    include_settings: bool = False,
) -> list[str]:
    """Wipe the store and learned files; returns a short description of each thing removed."""
    removed: list[str] = []
    counts = store.counts()
    store.forget()
    removed.append(f"{sum(counts.values())} history records")
    folder = data_dir or paths.data_dir()
    if folder.is_dir():
        for path in sorted(folder.glob(BASELINE_GLOB)):
            if path.is_file():
                path.unlink()
                removed.append(path.name)
    if include_settings:
        from companion.config import settings_path

        target = settings_file or settings_path()
        if target.exists():
            target.unlink()
            removed.append(target.name)
    return removed
