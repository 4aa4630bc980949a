"""Calming music: the synthesised soundscape, fades, stop, files, and no-device handling."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest

from companion.care import CareKit, MusicPlayer, fade_envelope, render, soundscape
from companion.care.music import list_music, open_device_output, read_audio
from companion.config import CareSettings
from companion.errors import UserError

SR = 8000


@pytest.fixture(scope="module")
def loop() -> np.ndarray:
    return soundscape(SR, seconds=16.0)


def test_soundscape_is_stereo_soft_and_seamless(loop: np.ndarray) -> None:
    assert loop.shape == (16 * SR, 2) and loop.dtype == np.float32
    peak = np.max(np.abs(loop))
    assert 0.3 < peak <= 0.61
    assert np.sqrt(np.mean(loop**2)) > 0.05  # not silence
    # Looping: the jump from the last sample to the first is no bigger than a normal step.
    steps = np.abs(np.diff(loop, axis=0)).max()
    assert np.abs(loop[0] - loop[-1]).max() <= steps * 1.5
    # Low-pass character: most energy below 1 kHz.
    spectrum = np.abs(np.fft.rfft(loop[:, 0])) ** 2
    freqs = np.fft.rfftfreq(loop.shape[0], 1 / SR)
    assert spectrum[freqs < 1000].sum() / spectrum.sum() > 0.9


def test_fade_envelope_shape() -> None:
    env = fade_envelope(SR * 10, SR, fade_in_s=2, fade_out_s=3)
    assert env[0] == 0 and env[2 * SR] == 1 and env[5 * SR] == 1
    assert np.all(np.diff(env[: 2 * SR]) >= 0)
    assert np.all(np.diff(env[-3 * SR :]) <= 0)
    assert env[-1] < 1e-3
    assert np.isclose(env[SR], 0.5, atol=0.01)  # half-way through the fade-in


def test_render_full_length_fades_in_and_out(loop: np.ndarray) -> None:
    out = render(loop, SR, 40.0, loop=True, fade_in_s=4, fade_out_s=4)
    assert out.shape == (40 * SR, 2)  # longer than the loop: it repeats
    level = lambda a: float(np.sqrt(np.mean(a**2)))  # noqa: E731
    assert np.abs(out[:10]).max() < 1e-3
    assert level(out[: SR // 2]) < level(out[10 * SR : 11 * SR]) / 4
    assert np.abs(out[-10:]).max() < 1e-2
    assert level(out[-SR // 2 :]) < level(out[30 * SR : 31 * SR]) / 4
    # The middle is the untouched loop.
    assert np.allclose(out[20 * SR : 21 * SR], loop[4 * SR : 5 * SR])


def test_stop_fades_out_quickly(loop: np.ndarray) -> None:
    out = render(loop, SR, 600.0, loop=True, stop_after_s=10.0, stop_fade_s=1.0, fade_in_s=1)
    assert 10 * SR <= out.shape[0] <= 11.3 * SR
    assert np.abs(out[-10:]).max() < 0.005
    # Gain falls monotonically over the stop fade: compare block levels.
    blocks = out[-SR:].reshape(10, -1, 2)
    levels = np.sqrt((blocks**2).mean(axis=(1, 2)))
    assert levels[0] > levels[5] > levels[9]


class RecordingOutput:
    def __init__(self, stop_after_blocks: int | None = None, player: list | None = None) -> None:
        self.blocks: list[np.ndarray] = []
        self.closed = False
        self.stop_after_blocks = stop_after_blocks
        self.player = player

    def write(self, block: np.ndarray) -> None:
        self.blocks.append(block.copy())
        if self.stop_after_blocks is not None and len(self.blocks) == self.stop_after_blocks:
            threading.Thread(target=self.player[0].stop).start()
            self.stop_after_blocks = None

    def close(self) -> None:
        self.closed = True


def test_player_thread_plays_and_stops_with_fade(loop: np.ndarray) -> None:
    holder: list[MusicPlayer] = []
    output = RecordingOutput(stop_after_blocks=40, player=holder)
    player = MusicPlayer(lambda sr, ch: output, block=512, stop_fade_s=0.5)
    holder.append(player)
    finished = threading.Event()
    player.play(loop, SR, 600.0, loop=True, on_finished=finished.set)
    player._thread.join(10)
    player.stop()
    out = np.concatenate(output.blocks)
    assert output.closed and not player.playing
    assert out.shape[0] < 60 * 512 + 0.5 * SR + 1024
    assert np.abs(out[-50:]).max() < 0.02
    assert not finished.is_set()  # stopped, not finished


def test_player_reports_natural_end(loop: np.ndarray) -> None:
    output = RecordingOutput()
    player = MusicPlayer(lambda sr, ch: output, block=1024)
    finished = threading.Event()
    player.play(loop, SR, 3.0, loop=True, on_finished=finished.set)
    assert finished.wait(10)
    assert sum(len(b) for b in output.blocks) == 3 * SR


@pytest.mark.parametrize("fmt", ["wav", "flac", "ogg", "mp3"])
def test_reads_the_users_music_files(tmp_path: Path, loop: np.ndarray, fmt: str) -> None:
    soundfile = pytest.importorskip("soundfile")
    path = tmp_path / f"calm.{fmt}"
    sr_in = 16000 if fmt == "mp3" else SR  # MPEG layer III has no 8 kHz mode
    clip = soundscape(sr_in, seconds=2.0)
    soundfile.write(str(path), clip, sr_in)
    audio, sr = read_audio(path)
    assert sr == sr_in and audio.shape[1] == 2
    assert abs(audio.shape[0] - clip.shape[0]) <= sr_in // 10  # mp3 may pad a frame
    assert np.abs(audio).max() > 0.1
    assert list_music(tmp_path) == [path]


def test_bad_music_inputs_are_one_line_errors(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="not found"):
        list_music(tmp_path / "nope")
    (tmp_path / "notes.txt").write_text("hi", encoding="utf-8")
    with pytest.raises(UserError, match="no music files"):
        list_music(tmp_path)
    bad = tmp_path / "broken.mp3"
    bad.write_bytes(b"\x00" * 100)
    with pytest.raises(UserError, match=r"cannot read broken\.mp3") as err:
        read_audio(bad)
    assert "\n" not in str(err.value)


def test_no_output_device_is_reported_not_raised(tmp_path: Path) -> None:
    try:
        output = open_device_output(22050, 2)
    except UserError as exc:
        assert "audio output" in str(exc) and exc.exit_code == 3
    else:  # a machine with speakers: then it really plays
        output.close()
        pytest.skip("this machine has an audio output device")
    kit = CareKit(CareSettings())
    problem = kit.start_music()
    assert problem and "audio output" in problem


def test_carekit_plays_folder_or_soundscape_and_stops(tmp_path: Path, loop: np.ndarray) -> None:
    soundfile = pytest.importorskip("soundfile")
    soundfile.write(str(tmp_path / "a.wav"), loop[: 4 * SR], SR)
    outputs: list[RecordingOutput] = []

    def factory(sr: int, channels: int) -> RecordingOutput:
        outputs.append(RecordingOutput())
        outputs[-1].sr = sr  # type: ignore[attr-defined]
        return outputs[-1]

    kit = CareKit(CareSettings(music_folder=str(tmp_path), music_minutes=1), output_factory=factory)
    assert kit.start_music() is None
    kit.player._thread.join(10)
    assert outputs[0].sr == SR and sum(len(b) for b in outputs[0].blocks) == 4 * SR
    kit = CareKit(CareSettings(music_minutes=1), output_factory=factory)
    assert kit.start_music() is None
    kit.stop()
    assert outputs[1].closed and outputs[1].sr == 22050
    assert (
        CareKit(CareSettings(music_folder=str(tmp_path / "x")))
        .start_music()
        .startswith("music folder not found")
    )
