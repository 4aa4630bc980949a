"""Speech model discovery and the installer, against a local HTTP server on 127.0.0.1."""

from __future__ import annotations

import hashlib
import http.server
import io
import json
import socket
import threading
import zipfile
from pathlib import Path

import pytest

from companion import paths
from companion.cli import main
from companion.config import VoiceSettings
from companion.errors import UserError
from companion.voice import model_manager
from companion.voice.model_manager import find_vosk_model, install_model, is_vosk_model

MODEL_FILES = {
    "am/final.mdl": b"acoustic model",
    "conf/model.conf": b"--min-active=200\n",
    "conf/mfcc.conf": b"--use-energy=false\n",
    "graph/HCLr.fst": b"graph",
    "graph/Gr.fst": b"grammar",
    "ivector/final.ie": b"ivector",
}


@pytest.fixture(autouse=True)
def _private_dirs(private_dirs):
    """Every test here gets its own settings, data and model directories."""


def make_zip(top="vosk-model-small-cn-0.22", files=None, extra=None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in (files if files is not None else MODEL_FILES).items():
            zf.writestr(f"{top}/{name}" if top else name, data)
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return buffer.getvalue()


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Server:
    """http.server in a thread serving in-memory files; `truncate` lies about the length."""

    def __init__(self):
        self.files: dict[str, bytes] = {}
        self.truncate: set[str] = set()
        self.requests = 0
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                server.requests += 1
                name = self.path.rsplit("/", 1)[-1]
                if name not in server.files:
                    self.send_error(404)
                    return
                body = server.files[name]
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if name in server.truncate:
                    self.wfile.write(body[: len(body) // 2])
                    self.wfile.flush()
                    self.close_connection = True
                    return
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server():
    s = Server()
    yield s
    s.close()


def models_dir() -> Path:
    return paths.data_dir() / "models"


def leftovers() -> list[str]:
    folder = models_dir()
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_install_good_archive(server, capsys):
    data = make_zip()
    server.files["good.zip"] = data
    path = install_model("zh", url=f"{server.base}/good.zip", sha256=sha(data), progress=True)
    assert path == models_dir() / "vosk-model-small-cn-0.22"
    assert is_vosk_model(path) and (path / "graph" / "HCLr.fst").read_bytes() == b"graph"
    assert leftovers() == ["vosk-model-small-cn-0.22"]  # no temp dirs, no archive
    found = find_vosk_model("zh")
    assert found is not None and found.source == "data dir" and found.path == path
    assert capsys.readouterr().out == ""  # progress goes to stderr only
    # Already installed: no second download.
    assert install_model("zh", url=f"{server.base}/missing.zip") == path
    assert server.requests == 1


def test_install_archive_without_top_folder(server):
    data = make_zip(top="")
    server.files["flat.zip"] = data
    path = install_model("en", url=f"{server.base}/flat.zip", sha256=sha(data), progress=False)
    assert path.name == "vosk-model-small-en-us-0.15" and is_vosk_model(path)


def test_wrong_checksum_installs_nothing(server):
    data = make_zip()
    server.files["m.zip"] = data
    with pytest.raises(UserError, match="SHA-256"):
        install_model("zh", url=f"{server.base}/m.zip", sha256="0" * 64, progress=False)
    assert leftovers() == []


def test_truncated_download_installs_nothing(server):
    data = make_zip(files={**MODEL_FILES, "am/big.bin": bytes(range(256)) * 4000})
    server.files["t.zip"] = data
    server.truncate.add("t.zip")
    with pytest.raises(UserError, match=r"truncated|broke off") as info:
        install_model("zh", url=f"{server.base}/t.zip", sha256=sha(data), progress=False)
    assert "\n" not in str(info.value)
    assert leftovers() == []


def test_server_down_is_a_one_line_error():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens here once closed
    with pytest.raises(UserError, match=r"cannot download .*offline") as info:
        install_model("zh", url=f"http://127.0.0.1:{port}/m.zip", sha256="0" * 64, progress=False)
    assert "\n" not in str(info.value)
    assert leftovers() == []


def test_http_error_is_reported(server):
    with pytest.raises(UserError, match=r"cannot download .*Not Found"):
        install_model("zh", url=f"{server.base}/nothing.zip", sha256="0" * 64, progress=False)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"this is not a zip file", "not a valid zip"),
        (make_zip(files={"README": b"hello"}), "does not contain a Vosk model"),
        (make_zip(extra={"../evil.txt": b"x"}), "unsafe path"),
    ],
)
def test_bad_archives_install_nothing(server, data, message):
    server.files["bad.zip"] = data
    with pytest.raises(UserError, match=message):
        install_model("zh", url=f"{server.base}/bad.zip", sha256=sha(data), progress=False)
    assert leftovers() == []
    assert not (models_dir().parent / "evil.txt").exists()


def test_mirror_env_keeps_the_pinned_size_and_checksum(server, monkeypatch):
    server.files["vosk-model-small-cn-0.22.zip"] = make_zip()  # not the official bytes
    monkeypatch.setenv(model_manager.MIRROR_ENV, server.base + "/")
    with pytest.raises(UserError, match="wrong size"):
        install_model("zh", progress=False)
    assert server.requests == 1  # it did go to the mirror
    assert leftovers() == []


def test_pinned_official_models():
    for lang, spec in model_manager.KNOWN_MODELS.items():
        assert spec.url() == f"https://alphacephei.com/vosk/models/{spec.name}.zip"
        assert spec.size and spec.size > 30_000_000 and len(spec.sha256) == 64, lang


def test_unknown_language_cannot_be_installed():
    with pytest.raises(UserError, match="choose one of: en, zh"):
        install_model("fr")


# -- CLI ---------------------------------------------------------------------------------------


def test_models_cli_install_and_list(server, capsys):
    data = make_zip()
    server.files["m.zip"] = data
    rc = main(
        [
            "models",
            "install",
            "zh",
            "--url",
            f"{server.base}/m.zip",
            "--sha256",
            sha(data),
            "--quiet",
        ]
    )
    out = capsys.readouterr().out
    assert rc == 0 and "installed zh speech model" in out
    assert main(["models", "list", "--json"]) == 0
    rows = {r["lang"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows["zh"]["status"] == "installed" and rows["zh"]["source"] == "data dir"
    assert rows["en"]["status"] == "missing" and "pocketsphinx" in rows["en"]["source"]
    assert main(["models", "list"]) == 0
    text = capsys.readouterr().out
    assert "zh  installed" in text and "companion models install en" in text


def test_models_cli_errors_are_one_line(server, capsys):
    assert main(["models", "install", "zh", "--sha256", "xyz"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--sha256" in err
    rc = main(["models", "install", "zh", "--url", f"{server.base}/none.zip", "--quiet"])
    err = capsys.readouterr().err
    assert rc == 2 and err.startswith("companion: error: cannot download")


# -- discovery order ------------------------------------------------------------------------------


def fake_model(folder: Path) -> Path:
    for name, data in MODEL_FILES.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    return folder


def test_discovery_order_settings_env_datadir_package(tmp_path, monkeypatch):
    configured = fake_model(tmp_path / "my-chinese-model")
    env_root = tmp_path / "env-models"
    env_model = fake_model(env_root / "vosk-model-small-cn-0.22")
    fake_model(env_root / "vosk-model-small-en-us-0.15")
    data_model = fake_model(models_dir() / "vosk-model-small-cn-0.22")
    package_root = tmp_path / "site" / "vosk_model_cn"
    fake_model(package_root / "model")
    (package_root / "__init__.py").write_text("")
    monkeypatch.syspath_prepend(str(tmp_path / "site"))

    settings = VoiceSettings(vosk_model_zh=str(configured))
    monkeypatch.setenv("VOSK_MODEL_PATH", str(env_root))
    assert find_vosk_model("zh", settings).path == configured
    assert find_vosk_model("zh", VoiceSettings()).path == env_model
    assert find_vosk_model("en", VoiceSettings()).source == "env"
    monkeypatch.delenv("VOSK_MODEL_PATH")
    assert find_vosk_model("zh", VoiceSettings()).path == data_model
    import shutil

    shutil.rmtree(data_model)
    found = find_vosk_model("zh", VoiceSettings())
    assert found.source == "package" and found.path == package_root / "model"
    bad = VoiceSettings(vosk_model_zh=str(tmp_path / "nothing-here"))
    assert find_vosk_model("zh", bad).source == "package"  # a bad setting falls through


def test_env_single_model_is_not_used_for_another_language(tmp_path, monkeypatch):
    english = fake_model(tmp_path / "vosk-model-small-en-us-0.15")
    monkeypatch.setenv("VOSK_MODEL_PATH", str(english))
    assert find_vosk_model("en").path == english
    assert find_vosk_model("zh") is None


def test_vosk_is_always_given_a_path(monkeypatch, tmp_path):
    """vosk.Model(lang=...) downloads from the internet: we must never call it that way."""
    vosk = pytest.importorskip("vosk")
    calls = []

    class RecordingModel:
        def __init__(self, model_path=None, model_name=None, lang=None):
            calls.append((model_path, model_name, lang))
            raise RuntimeError("stop here")

    monkeypatch.setattr(vosk, "Model", RecordingModel)
    from companion.voice.stt import open_recognizer

    model = fake_model(tmp_path / "vosk-model-small-cn-0.22")
    with pytest.raises(UserError, match="cannot load the Vosk model"):
        open_recognizer("zh", VoiceSettings(vosk_model_zh=str(model)))
    assert calls == [(str(model), None, None)]
