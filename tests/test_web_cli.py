"""`companion dashboard` as the user runs it: prints its URL, serves, stops on Ctrl-C."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def env_for(tmp_path: Path) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }


def test_dashboard_serves_alone_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "companion", "dashboard", "--no-browser"],
        cwd=REPO,
        env=env_for(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline().strip()
        assert first.startswith("Dashboard: http://127.0.0.1:"), first
        url = first.split(" ", 1)[1]
        base, token = url.split("/now?token=")
        with urllib.request.urlopen(f"{base}/api/live?token={token}", timeout=10) as resp:
            assert json.load(resp)["state"] == "stopped"  # alone: nothing is watching
        with pytest.raises(urllib.error.HTTPError) as info:
            urllib.request.urlopen(f"{base}/api/live", timeout=10)
        assert info.value.code == 403
        proc.send_signal(signal.SIGINT)
        assert proc.wait(15) == 0
        assert (tmp_path / "data" / "companion" / "companion.db").exists()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_dashboard_bad_port_is_one_line(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        for arg, message in ((str(port), "cannot listen on 127.0.0.1"), ("70000", "--port must")):
            proc = subprocess.run(
                [sys.executable, "-m", "companion", "dashboard", "--no-browser", "--port", arg],
                cwd=REPO,
                env=env_for(tmp_path),
                capture_output=True,
                text=True,
                timeout=60,
            )
            assert proc.returncode == 2
            assert proc.stderr.startswith(f"companion: error: {message}"), proc.stderr
            assert proc.stderr.count("\n") == 1
