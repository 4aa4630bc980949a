"""The dashboard in a real headless Chromium: live mood, settings saved to disk, export,
delete everything, both languages, and no way in without the token.

Screenshots of each page go to the test's tmp dir; set COMPANION_SCREENSHOTS=DIR to keep
them (docs/screenshots/ in the README come from here).
"""

from __future__ import annotations

import json
import math
import os
import random
import time
from datetime import datetime
from pathlib import Path

import pytest

from companion.config import Settings, load_settings
from companion.events import AppStateChanged, CameraStatus, CheckIn, MoodUpdate
from companion.store import MinuteAggregate, Store
from companion.web import DashboardServer, LiveState

pytestmark = pytest.mark.slow
expect = pytest.importorskip("playwright.sync_api", reason="pip install playwright").expect


def seed_week(store: Store, now: float) -> int:
    """A plausible week: working hours observed, a dip most afternoons, four check-ins
    (one of them today, whatever the time of day). Returns the number of check-ins."""
    rnd = random.Random(7)
    today = datetime.fromtimestamp(now).replace(hour=0, minute=0, second=0, microsecond=0)
    for d in range(7):
        day = today.timestamp() - d * 86400
        for minute in range(int(day + 9 * 3600), int(day + 18.5 * 3600), 60):
            if minute > now - 120:
                break
            if rnd.random() < 0.15:
                continue
            h = (minute - day) / 3600
            dip = 0.45 if 14.5 < h < 15.6 and d % 2 == 0 else 0.0
            v = max(-1.0, min(1.0, 0.25 * math.sin(h / 1.3 + d) - dip + rnd.gauss(0, 0.12)))
            dom = "sad" if v < -0.3 else "happy" if v > 0.3 else "neutral"
            face = rnd.randint(40, 60)
            store.add_minute(
                MinuteAggregate(
                    minute,
                    60,
                    face,
                    v * face,
                    0.8 * face,
                    {"sad": max(0, -v) * face, "happy": max(0, v) * face},
                    dom,
                )
            )
        t = day + 15.3 * 3600 if d else max(day + 60, min(day + 15.3 * 3600, now - 2400))
        if d % 2 == 0:
            store.add_checkin(t, "sad", 75, 0.8, "sustained")
            store.add_conversation(
                t + 200,
                "declined" if d == 0 else "completed",
                "checkin",
                3,
                (
                    ("companion", "You look a bit down. Want to talk?"),
                    ("user", "Yeah, it's been a long day."),
                    ("companion", "That sounds tiring. What happened?"),
                ),
            )
    return 4


class Clock:
    def __init__(self) -> None:
        self.t = time.time()

    def __call__(self) -> float:
        return self.t


@pytest.fixture
def dash(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    store = Store(tmp_path / "data" / "companion.db")
    (tmp_path / "data" / "baseline.json").write_text("{}")
    assert seed_week(store, time.time()) == 4
    settings = Settings()
    settings.privacy.keep_transcripts = True
    clock = Clock()
    live = LiveState(clock=clock)
    srv = DashboardServer(
        store=store,
        settings=settings,
        live=live,
        settings_path=tmp_path / "config" / "settings.toml",
        data_dir=tmp_path / "data",
    ).start()
    srv.live, srv.store, srv.clock, srv.settings = live, store, clock, settings
    yield srv
    srv.stop()
    store.close()


@pytest.fixture
def page(chromium_browser):
    context = chromium_browser.new_context(
        viewport={"width": 1000, "height": 720}, accept_downloads=True
    )
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    # A 400 answer to a rejected setting is expected; any other console error is a bug.
    pg.on(
        "console",
        lambda msg: (
            msg.type == "error" and "status of 400" not in msg.text and errors.append(msg.text)
        ),
    )
    yield pg
    context.close()
    assert errors == [], f"browser errors: {errors}"


def shot(pg, tmp_path: Path, name: str) -> Path:
    path = tmp_path / f"{name}.png"
    pg.screenshot(path=str(path), full_page=True)
    keep = os.environ.get("COMPANION_SCREENSHOTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        pg.screenshot(path=str(Path(keep) / f"{name}.png"), full_page=True)
    return path


def feed_mood(dash, valence: float, dominant: str, face: bool = True) -> None:
    dash.clock.t += 2  # about one MoodUpdate every two seconds
    dash.live.on_mood(
        MoodUpdate(
            t=dash.clock.t,
            scores={dominant: 0.7},
            valence=valence,
            confidence=0.82,
            face_present=face,
            dominant=dominant,
        )
    )


def test_now_page_follows_live_mood(dash, page, tmp_path: Path) -> None:
    page.goto(dash.url)
    assert page.url == f"{dash.base_url}/now"  # the token moved into a cookie
    page.wait_for_selector("#not-running:not([hidden])")
    assert page.inner_text("#state-line") == "Not running"

    dash.live.on_state(AppStateChanged(t=0, state="watching"))
    dash.live.on_camera(CameraStatus(t=0, state="ok"))
    for i in range(150):  # five minutes of gently varying mood for the sparkline
        feed_mood(dash, 0.35 * math.sin(i / 18) + 0.1, "neutral", face=not 60 < i < 66)
    expect(page.locator("#mood-word")).to_have_text("Calm")
    assert page.inner_text("#state-line") == "Watching gently"
    assert page.inner_text("#camera-state") == "On"
    assert page.get_attribute("#spark-line", "d").count("M") == 2  # a gap where no face was

    feed_mood(dash, -0.7, "sad")
    expect(page.locator("#mood-word")).to_have_text("Sad")
    assert page.get_attribute("#hero", "data-mood") == "sad"
    dash.live.on_checkin(CheckIn(t=0, emotion="sad", duration_s=70, confidence=0.8, reason="x"))
    expect(page.locator("#last-checkin")).to_contain_text("Sad")

    dash.live.on_state(AppStateChanged(t=0, state="privacy"))
    expect(page.locator("#hero")).to_have_attribute("data-state", "privacy")
    assert "camera and microphone closed" in page.inner_text("#state-line")

    dash.live.on_state(AppStateChanged(t=0, state="watching"))
    feed_mood(dash, 0.3, "neutral")
    expect(page.locator("#mood-word")).to_have_text("Calm")
    page.wait_for_timeout(900)  # let the CSS transitions settle for the screenshot
    shot(page, tmp_path, "dashboard-now")


def test_history_and_conversations(dash, page, tmp_path: Path) -> None:
    page.goto(dash.url)
    page.goto(f"{dash.base_url}/history")
    assert page.locator("svg.timeline g.checkin").count() == 1  # today's one
    assert page.inner_text("#stat-checkins") == "1"
    shot(page, tmp_path, "dashboard-history-today")
    page.click("text=This week")
    page.wait_for_url("**/history?range=week")
    assert page.locator("svg.timeline g.checkin").count() == len(dash.store.checkins()) == 4
    assert page.inner_text("#stat-checkins") == "4"
    assert page.locator("svg.timeline polyline.line").count() >= 6  # one line per day
    shot(page, tmp_path, "dashboard-history")

    page.click("nav >> text=Conversations")
    assert page.locator("article.conversation").count() == 4
    assert "long day" in page.inner_text("article.conversation >> nth=0")
    shot(page, tmp_path, "dashboard-conversations")
    dash.settings.privacy.keep_transcripts = False
    page.reload()
    assert page.locator("#transcripts-off").is_visible()
    assert "long day" not in page.content()


def test_settings_are_validated_and_saved_to_disk(dash, page, tmp_path: Path) -> None:
    settings_file = tmp_path / "config" / "settings.toml"
    page.goto(dash.url)
    page.click("nav >> text=Settings")
    rate = page.locator('[data-key="voice.rate"]')
    rate.locator("input").fill("190")
    rate.locator("input").press("Tab")
    rate.locator(".status:has-text('Saved')").wait_for()
    assert load_settings(settings_file).voice.rate == 190

    window = page.locator('[data-key="mood.window_s"]')
    window.locator("input").fill("5")
    window.locator("input").press("Tab")
    window.locator(".status:has-text('between 10 and 1800')").wait_for()
    assert "invalid" in window.get_attribute("class")
    assert load_settings(settings_file).mood.window_s == 60.0  # the bad value never saved

    page.locator('[data-key="privacy.keep_transcripts"] .switch').click()
    page.locator('[data-key="privacy.keep_transcripts"] .status:has-text("Saved")').wait_for()
    assert load_settings(settings_file).privacy.keep_transcripts is False
    assert dash.store.counts()["transcript_lines"] == 0  # turning it off drops kept words
    shot(page, tmp_path, "dashboard-settings")

    page.select_option('[data-key="general.language"] select', "zh")
    page.wait_for_selector("nav >> text=设置")
    assert load_settings(settings_file).general.language == "zh"
    assert page.inner_text("h1") == "设置"
    page.click("nav >> text=此刻")
    page.wait_for_selector("#state-line:has-text('未运行')")
    shot(page, tmp_path, "dashboard-now-zh")


def test_export_and_delete_everything(dash, page, tmp_path: Path) -> None:
    page.goto(dash.url)
    page.click("nav >> text=Privacy")
    assert page.inner_text("#count-checkins") == "4"
    shot(page, tmp_path, "dashboard-privacy")
    with page.expect_download() as info:
        page.click("#export-json")
    data = json.loads(Path(info.value.path()).read_text())
    assert len(data["checkins"]) == 4 and len(data["mood_minutes"]) > 100
    with page.expect_download() as info:
        page.click("#export-csv")
    assert Path(info.value.path()).read_text().startswith("record,time_utc")

    dialogs: list[str] = []

    def answer(dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss() if len(dialogs) == 1 else dialog.accept()

    page.on("dialog", answer)
    page.click("#forget")  # first time: the user says no
    page.wait_for_timeout(300)
    assert dash.store.counts()["checkins"] == 4
    page.click("#forget")
    page.wait_for_url("**/privacy?deleted=1")
    assert "cannot be undone" in dialogs[0]
    assert page.inner_text("#count-checkins") == "0"
    assert page.inner_text("#count-mood_minutes") == "0"
    assert set(dash.store.counts().values()) == {0}
    assert not (tmp_path / "data" / "baseline.json").exists()


def test_browser_without_token_or_with_a_foreign_host_gets_403(dash, chromium_browser) -> None:
    context = chromium_browser.new_context()
    pg = context.new_page()
    assert pg.goto(f"{dash.base_url}/now").status == 403
    assert pg.goto(f"{dash.base_url}/now?token=guess").status == 403
    assert pg.goto(f"http://localhost:{dash.port}/api/live").status == 403  # no cookie there
    context.close()
    # DNS rebinding: attacker.test resolves to 127.0.0.1, but the Host header says so.
    from conftest import CHROMIUM, CHROMIUM_ARGS

    rebound = chromium_browser.browser_type.launch(
        executable_path=CHROMIUM,
        args=[*CHROMIUM_ARGS, "--host-resolver-rules=MAP attacker.test 127.0.0.1"],
    )
    try:
        pg = rebound.new_page()
        resp = pg.goto(f"http://attacker.test:{dash.port}/now?token={dash.token}")
        assert resp.status == 403
    finally:
        rebound.close()
