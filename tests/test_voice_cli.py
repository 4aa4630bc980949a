"""`companion say` and `companion doctor`, in-process and as a real subprocess."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import wave

import pytest

import companion.voice
from companion.cli import main
from companion.commands.doctor import FAIL, OK, WARN, Check, essentials_ok
from companion.paths import REPO_ROOT

pytestmark = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="needs espeak-ng")


@pytest.fixture(autouse=True)
def _private_dirs(private_dirs):
    """Every test here gets its own settings, data and model directories."""


@pytest.mark.parametrize(("lang", "text"), [("en", "Hello, I am here."), ("zh", "我在这里陪你。")])
def test_say_renders_a_wav(tmp_path, capsys, lang, text):
    out = tmp_path / f"{lang}.wav"
    assert main(["say", text, "--lang", lang, "--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""  # nothing on stdout, not even pyttsx3's "Audio saved to"
    with wave.open(str(out)) as wav:
        assert wav.getnframes() / wav.getframerate() > 0.8


def test_say_without_a_speaker_suggests_out(monkeypatch, capsys):
    monkeypatch.setattr(companion.voice, "speaker_problem", lambda device=None: "no speaker found")
    assert main(["say", "hello"]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no speaker found" in err and "--out" in err


@pytest.mark.skipif(companion.voice.speaker_problem() is None, reason="this machine has a speaker")
def test_say_subprocess_on_a_machine_without_audio(tmp_path):
    exe = REPO_ROOT / ".venv" / "bin" / "companion"
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "companion"]
    env = {
        "XDG_DATA_HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path),
        "PATH": "/usr/bin:/bin",
    }
    done = subprocess.run(
        [*cmd, "say", "hello"], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 3
    assert done.stderr.startswith("companion: error: cannot play audio")
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["say", "   "], "nothing to say"),
        (["say", "hi", "--out", "/no/such/dir/x.wav"], "does not exist"),
    ],
)
def test_say_bad_input(capsys, args, message):
    assert main(args) == 2
    assert message in capsys.readouterr().err


def test_doctor_reports_every_check(capsys):
    rc = main(["doctor", "--json"])
    report = json.loads(capsys.readouterr().out)
    checks = {c["name"]: c for c in report["checks"]}
    assert set(checks) >= {
        "camera",
        "microphone",
        "speaker",
        "voice en",
        "voice zh",
        "speech en",
        "speech zh",
        "face model",
        "emotion model",
    }
    assert checks["voice en"]["status"] == OK and checks["voice zh"]["status"] == OK
    assert "cmn-latn-pinyin" in checks["voice zh"]["detail"]
    assert checks["speech en"]["status"] == OK  # pocketsphinx fallback at least
    assert (
        checks["speech zh"]["status"] == WARN
        and "models install zh" in checks["speech zh"]["detail"]
    )
    for name in ("camera", "microphone", "speaker"):
        assert checks[name]["status"] in (OK, WARN)  # never essential
    assert rc == (0 if report["ok"] else 1)
    assert report["ok"] == (
        checks["face model"]["status"] == OK and checks["emotion model"]["status"] == OK
    )


@pytest.mark.skipif(
    companion.voice.speaker_problem() is None, reason="this machine has audio devices"
)
def test_doctor_text_on_a_machine_without_audio(capsys):
    main(["doctor"])
    lines = capsys.readouterr().out.splitlines()
    mic = next(line for line in lines if "microphone" in line)
    spk = next(line for line in lines if "speaker" in line)
    assert mic.startswith("WARN") and "companion chat" in mic
    assert spk.startswith("WARN") and "text only" in spk


def test_essentials_rule():
    base = [Check("face model", OK, ""), Check("emotion model", OK, "")]
    assert essentials_ok([*base, Check("voice en", FAIL, ""), Check("voice zh", OK, "")])
    assert not essentials_ok([*base, Check("voice en", FAIL, ""), Check("voice zh", FAIL, "")])
    assert not essentials_ok(
        [Check("face model", OK, ""), Check("emotion model", FAIL, ""), Check("voice en", OK, "")]
    )
    assert essentials_ok([*base, Check("voice en", OK, ""), Check("camera", WARN, "")])
