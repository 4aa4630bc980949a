"""CareKit: the care actions a conversation can offer (breathing, music), behind one stop.

Why one object: the conversation, the tray's "Stop" and a spoken "stop" all end whatever
is running through the same `stop()`; a new action first stops the previous one.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable, Mapping

from companion.care.breathing import guide_breathing
from companion.care.music import (
    AudioOutput,
    MusicPlayer,
    list_music,
    open_device_output,
    read_audio,
    soundscape,
)
from companion.config import CareSettings
from companion.errors import UserError


class CareKit:
    def __init__(
        self,
        settings: CareSettings | None = None,
        *,
        output_factory: Callable[[int, int], AudioOutput] = open_device_output,
        breathing_pattern: str | None = None,
        breathing_cycles: int | None = None,
        clock: Callable[[], float] = time.monotonic,
        wait: Callable[[float], bool] | None = None,
        rng: random.Random | None = None,
    ) -> None:
        self.settings = settings or CareSettings()
        self.player = MusicPlayer(output_factory)
        self.breathing_pattern = breathing_pattern or self.settings.breathing_pattern
        self.breathing_cycles = breathing_cycles or self.settings.breathing_cycles
        self.clock = clock
        self.wait = wait
        self.rng = rng or random.Random()
        self._stop = threading.Event()

    @property
    def music_minutes(self) -> float:
        return self.settings.music_minutes

    def breathe(self, say: Callable[[str], None], cues: Mapping[str, str]) -> bool:
        self.player.stop()
        self._stop = threading.Event()
        return guide_breathing(
            say,
            cues,
            pattern=self.breathing_pattern,
            cycles=self.breathing_cycles,
            stop=self._stop,
            clock=self.clock,
            wait=self.wait,
        )

    def start_music(self, on_finished: Callable[[], None] | None = None) -> str | None:
        """Start the user's music (one random file) or the soundscape; a reason if not."""
        seconds = self.settings.music_minutes * 60
        try:
            if self.settings.music_folder:
                audio, sr = read_audio(self.rng.choice(list_music(self.settings.music_folder)))
                loop = False
            else:
                sr = 22050
                audio, loop = soundscape(sr), True
            self.player.play(audio, sr, seconds, loop=loop, on_finished=on_finished)
        except UserError as exc:
            return str(exc)
        return None

    def stop(self) -> None:
        self._stop.set()
        self.player.stop()
