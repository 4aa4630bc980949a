"""Voice activity detection: where speech starts (barge-in) and where an utterance ends.

webrtcvad classifies each 30 ms frame; a small state machine with hysteresis turns those
noisy per-frame votes into two moments: speech started (a few voiced frames in a row) and
utterance ended (a run of unvoiced frames). The end hangover is the main latency cost of a
turn, so it is a setting-sized trade-off: shorter answers sooner but may cut a slow
speaker's pause in two.
"""

from __future__ import annotations

import collections
from dataclasses import dataclass

import numpy as np

from companion.voice.audio_in import FRAME_MS, SAMPLE_RATE


@dataclass(frozen=True)
class VadConfig:
    aggressiveness: int = 2  # webrtcvad 0 (lenient) .. 3 (strict)
    start_frames: int = 3  # voiced frames in a row that open an utterance (90 ms)
    barge_in_frames: int = 8  # ... while the companion itself is talking (240 ms, echo guard)
    end_silence_ms: int = 300  # unvoiced run that closes an utterance
    preroll_ms: int = 300  # audio kept from before the start, so the first word is whole
    min_rms: float = 150.0  # frames quieter than this are never speech (int16 scale)
    max_utterance_s: float = 20.0  # force an end so a noisy room cannot hold the turn forever
    # While the companion talks, the microphone also hears its voice from the speakers (no
    # echo cancellation here). Barge-in then needs the user to be this many times louder
    # than the slowly tracked level of that echo.
    echo_margin: float = 2.0
    echo_alpha: float = 0.02  # per frame: the echo level follows over ~1.5 s


class EndpointDetector:
    """Feed 30 ms frames; get "start" / "end" transitions with the audio that belongs to them."""

    def __init__(self, config: VadConfig | None = None) -> None:
        import webrtcvad

        self.config = config or VadConfig()
        self._vad = webrtcvad.Vad(self.config.aggressiveness)
        self._preroll: collections.deque[bytes] = collections.deque(
            maxlen=max(1, self.config.preroll_ms // FRAME_MS)
        )
        self._end_frames = max(1, self.config.end_silence_ms // FRAME_MS)
        self.in_speech = False
        self._voiced_run = 0
        self._silent_run = 0
        self._speech_frames = 0
        self._echo_rms = 0.0
        self._echo_frames = 0
        self.frames_seen = 0

    def is_speech(self, frame: bytes, floor: float = 0.0) -> bool:
        rms = float(np.sqrt(np.mean(np.frombuffer(frame, np.int16).astype(np.float32) ** 2)))
        loud_enough = rms >= max(self.config.min_rms, floor)
        return loud_enough and self._vad.is_speech(frame, SAMPLE_RATE)

    def _echo_floor(self, frame: bytes, talking: bool) -> float:
        """Loudness a frame must beat to count as the user while the companion talks."""
        if not talking:
            self._echo_rms, self._echo_frames = 0.0, 0
            return 0.0
        rms = float(np.sqrt(np.mean(np.frombuffer(frame, np.int16).astype(np.float32) ** 2)))
        self._echo_frames += 1
        floor = self.config.echo_margin * self._echo_rms
        if self._echo_frames <= 10:  # no estimate yet: a plain running mean
            self._echo_rms += (rms - self._echo_rms) / self._echo_frames
            return self.config.echo_margin * self._echo_rms
        # Then a slow average that the user's louder voice cannot drag up (clipped input).
        self._echo_rms += self.config.echo_alpha * (min(rms, floor) - self._echo_rms)
        return floor

    def push(self, frame: bytes, talking: bool = False) -> tuple[str | None, list[bytes]]:
        """One frame in. Returns (event, audio): event is None, "start" or "end".

        audio is what the recogniser should get now: the pre-roll plus this frame at
        "start", each frame while in speech, nothing between utterances. `talking` says the
        companion is speaking, which asks for a longer onset before calling it barge-in.
        """
        self.frames_seen += 1
        floor = self._echo_floor(frame, talking and not self.in_speech)
        voiced = self.is_speech(frame, floor)
        if not self.in_speech:
            self._preroll.append(frame)
            self._voiced_run = self._voiced_run + 1 if voiced else 0
            needed = self.config.barge_in_frames if talking else self.config.start_frames
            if self._voiced_run >= needed:
                self.in_speech = True
                self._silent_run = 0
                self._speech_frames = self._voiced_run
                audio = list(self._preroll)
                self._preroll.clear()
                return "start", audio
            return None, []
        self._speech_frames += 1
        self._silent_run = 0 if voiced else self._silent_run + 1
        too_long = self._speech_frames * FRAME_MS / 1000 >= self.config.max_utterance_s
        if self._silent_run >= self._end_frames or too_long:
            self.in_speech = False
            self._voiced_run = 0
            return "end", [frame]
        return None, [frame]

    def reset(self) -> None:
        self.in_speech = False
        self._voiced_run = self._silent_run = self._speech_frames = 0
        self._preroll.clear()
