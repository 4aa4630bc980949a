"""Dashboard HTTP behaviour on a real server: security (token, Host, CSRF), settings, export,
forget. The browser tests (test_web_browser.py) cover the pages as a user sees them."""

from __future__ import annotations

import http.client
import json
from pathlib import Path

import pytest

from companion.config import Settings, load_settings
from companion.events import AppStateChanged, MoodUpdate
from companion.store import Store
from companion.web import DashboardServer, LiveState
from companion.web.app import COOKIE_PREFIX


@pytest.fixture
def server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    store = Store(tmp_path / "data" / "companion.db")
    live = LiveState()
    srv = DashboardServer(
        store=store,
        settings=Settings(),
        live=live,
        settings_path=tmp_path / "settings.toml",
        data_dir=tmp_path / "data",
    ).start()
    srv.live, srv.store = live, store  # for the tests to feed and inspect
    yield srv
    srv.stop()
    store.close()


def request(
    srv: DashboardServer,
    method: str,
    path: str,
    *,
    host: str | None = None,
    cookie: bool = True,
    csrf: str | None = None,
    body: object = None,
):
    conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=10)
    headers = {"Host": host or f"127.0.0.1:{srv.port}"}
    if cookie:
        headers["Cookie"] = f"{COOKIE_PREFIX}{srv.port}={srv.token}"
    if csrf is not None:
        headers["X-CSRF-Token"] = csrf
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    conn.request(method, path, body=data, headers=headers)
    resp = conn.getresponse()
    payload = resp.read()
    conn.close()
    return resp, payload


def csrf_of(srv: DashboardServer) -> str:
    _, html = request(srv, "GET", "/settings")
    marker = b'name="csrf-token" content="'
    start = html.index(marker) + len(marker)
    return html[start : html.index(b'"', start)].decode()


def test_serves_on_loopback_only_with_a_fresh_token(server: DashboardServer) -> None:
    assert server.base_url.startswith("http://127.0.0.1:")
    assert server.url.endswith(f"/now?token={server.token}")
    assert len(server.token) >= 32
    other = DashboardServer(store=None, settings=Settings(), live=LiveState())
    assert other.token != server.token


def test_token_in_url_becomes_a_cookie(server: DashboardServer) -> None:
    resp, _ = request(server, "GET", f"/history?range=week&token={server.token}", cookie=False)
    assert resp.status == 302
    assert resp.getheader("Location") == "/history?range=week"  # token out of the URL
    cookie = resp.getheader("Set-Cookie")
    assert f"{COOKIE_PREFIX}{server.port}={server.token}" in cookie
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie


@pytest.mark.parametrize("path", ["/now", "/api/live", "/api/export?format=json", "/static/app.js"])
def test_no_token_is_forbidden(server: DashboardServer, path: str) -> None:
    assert request(server, "GET", path, cookie=False)[0].status == 403
    assert (
        request(server, "GET", path + ("&" if "?" in path else "?") + "token=wrong", cookie=False)[
            0
        ].status
        == 403
    )


@pytest.mark.parametrize(
    "host", ["evil.example", "evil.example:{port}", "127.0.0.1:1", "0.0.0.0:{port}"]
)
def test_foreign_host_is_forbidden_dns_rebinding(server: DashboardServer, host: str) -> None:
    resp, _ = request(server, "GET", "/api/live", host=host.format(port=server.port))
    assert resp.status == 403


def test_localhost_host_is_allowed(server: DashboardServer) -> None:
    assert request(server, "GET", "/api/live", host=f"localhost:{server.port}")[0].status == 200


def test_state_changes_need_the_csrf_token(server: DashboardServer) -> None:
    body = {"key": "voice.rate", "value": 190}
    assert request(server, "POST", "/api/settings", body=body)[0].status == 403
    assert request(server, "POST", "/api/settings", body=body, csrf="forged")[0].status == 403
    assert request(server, "POST", "/api/forget", body={})[0].status == 403
    resp, _ = request(server, "POST", "/api/settings", body=body, csrf=csrf_of(server))
    assert resp.status == 200


def test_security_headers(server: DashboardServer) -> None:
    resp, _ = request(server, "GET", "/now")
    assert "default-src 'self'" in resp.getheader("Content-Security-Policy")
    assert resp.getheader("X-Frame-Options") == "DENY"
    assert resp.getheader("Cache-Control") == "no-store"


def test_setting_is_validated_and_saved(server: DashboardServer, tmp_path: Path) -> None:
    csrf = csrf_of(server)
    resp, payload = request(
        server, "POST", "/api/settings", csrf=csrf, body={"key": "mood.window_s", "value": 5}
    )
    assert resp.status == 400
    assert "between 10 and 1800" in json.loads(payload)["error"]
    resp, payload = request(
        server, "POST", "/api/settings", csrf=csrf, body={"key": "mood.window_s", "value": 90}
    )
    assert json.loads(payload) == {"ok": True, "key": "mood.window_s", "value": 90.0}
    assert load_settings(tmp_path / "settings.toml").mood.window_s == 90.0


def test_start_at_login_writes_the_autostart_entry(server: DashboardServer, tmp_path: Path) -> None:
    entry = tmp_path / "config" / "autostart" / "companion.desktop"
    csrf = csrf_of(server)
    request(
        server,
        "POST",
        "/api/settings",
        csrf=csrf,
        body={"key": "general.start_at_login", "value": True},
    )
    assert "Exec=" in entry.read_text() and "-m companion run" in entry.read_text()
    request(
        server,
        "POST",
        "/api/settings",
        csrf=csrf,
        body={"key": "general.start_at_login", "value": False},
    )
    assert not entry.exists()


def test_live_endpoint_follows_bus_events(server: DashboardServer) -> None:
    state = json.loads(request(server, "GET", "/api/live")[1])
    assert state["state"] == "stopped" and state["mood"] is None
    server.live.on_state(AppStateChanged(t=0, state="watching"))
    server.live.on_mood(
        MoodUpdate(
            t=0,
            scores={"happy": 0.8},
            valence=0.7,
            confidence=0.9,
            face_present=True,
            dominant="happy",
        )
    )
    state = json.loads(request(server, "GET", "/api/live")[1])
    assert state["state"] == "watching"
    assert state["mood"]["dominant"] == "happy" and state["mood"]["valence"] == 0.7


def test_live_state_snapshot() -> None:
    clock = [100.0]
    live = LiveState(clock=lambda: clock[0])
    live.on_state(AppStateChanged(t=0, state="watching"))
    live.on_mood(
        MoodUpdate(
            t=0,
            scores={"sad": 0.7},
            valence=-0.6,
            confidence=0.9,
            face_present=True,
            dominant="sad",
        )
    )
    clock[0] = 401.0
    live.on_mood(
        MoodUpdate(t=0, scores={}, valence=0.0, confidence=0.0, face_present=False, dominant="")
    )
    snap = live.snapshot()
    assert snap["state"] == "watching"
    assert snap["mood"]["face_present"] is False
    assert snap["recent"] == [[0.0, None]]  # points older than five minutes dropped
    assert snap["seq"] == 3


def test_export_and_forget(server: DashboardServer) -> None:
    server.store.add_checkin(1_700_000_000.0, "sad", 60, 0.8, "sustained")
    resp, payload = request(server, "GET", "/api/export?format=csv")
    assert resp.status == 200
    assert resp.getheader("Content-Disposition").startswith('attachment; filename="companion-')
    assert payload.decode().startswith("record,time_utc")
    assert request(server, "GET", "/api/export?format=xml")[0].status == 400
    assert "checkin,2023-11-14" in payload.decode()
    resp, payload = request(server, "POST", "/api/forget", csrf=csrf_of(server), body={})
    assert json.loads(payload)["ok"] is True
    assert server.store.counts()["checkins"] == 0
