"""The local dashboard: a Flask app that shows mood, history and settings, and forgets on demand.

Security model (it runs on the user's machine, next to a browser that visits the web):
- served on 127.0.0.1 only, with a secret token per launch; no token → 403;
- the Host header must be 127.0.0.1:<port> or localhost:<port> → defeats DNS rebinding;
- every state-changing request carries a CSRF token that only our own pages know;
- a strict Content-Security-Policy: our own scripts and styles only, nothing external.
"""

from __future__ import annotations

import hmac
import json
import secrets
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from flask import Flask, Response, abort, jsonify, redirect, render_template, request

from companion import config
from companion.errors import UserError
from companion.store import Store, export, forget_everything
from companion.tray.palette import STATE_COLOURS, mood_colour
from companion.web import i18n
from companion.web.chart import mood_mix, timeline_svg
from companion.web.live import LiveState

COOKIE_PREFIX = "companion_session_"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
    "form-action 'self'"
)


def new_token() -> str:
    return secrets.token_urlsafe(24)


def create_app(
    store: Store,
    settings: config.Settings,
    live: LiveState,
    token: str,
    settings_path: Path | None = None,
    data_dir: Path | None = None,
    on_settings_changed: Callable[[str, Any], None] | None = None,
    on_forget: Callable[[], None] | None = None,
) -> Flask:
    """Build the dashboard.

    `settings` is the app's live Settings object: a change made here is validated by
    `Settings.set`, saved with `save_settings`, and visible at once to components that hold
    its sections; `on_settings_changed(key, value)` lets the app react (e.g. the tray's
    language). `on_forget()` runs after "delete everything" (e.g. reset the mood baseline
    in memory).
    """
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = 64 * 1024
    csrf_token = hmac.new(token.encode(), b"csrf", "sha256").hexdigest()
    app.jinja_env.filters["localtime"] = lambda ts, fmt: time.strftime(fmt, time.localtime(ts))

    def lang() -> str:
        return settings.general.language

    def port() -> str:
        return str(request.environ.get("SERVER_PORT", ""))

    @app.before_request
    def guard() -> Response | None:
        allowed = {f"127.0.0.1:{port()}", f"localhost:{port()}"}
        if request.host not in allowed:
            abort(403)
        given = request.args.get("token")
        cookie = request.cookies.get(COOKIE_PREFIX + port(), "")
        if given is not None and hmac.compare_digest(given, token):
            if request.method == "GET" and not request.path.startswith("/api/"):
                # Move the token from the URL into a cookie, out of history and screenshots.
                rest = {k: v for k, v in request.args.items() if k != "token"}
                response = redirect(request.path + ("?" + urlencode(rest) if rest else ""))
                response.set_cookie(COOKIE_PREFIX + port(), token, httponly=True, samesite="Strict")
                return response
        elif not hmac.compare_digest(cookie, token):
            abort(403)
        if request.method not in SAFE_METHODS:
            sent = request.headers.get("X-CSRF-Token") or request.form.get("csrf_token", "")
            if not hmac.compare_digest(sent, csrf_token):
                abort(403)
        return None

    @app.after_request
    def headers(response: Response) -> Response:
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Cache-Control"] = "no-store"
        return response

    @app.errorhandler(403)
    def forbidden(_exc: Exception) -> tuple[str, int]:
        return "Forbidden: open the dashboard from the companion app.\n", 403

    def page(name: str, **context: Any) -> str:
        return render_template(
            f"{name}.html",
            page=name,
            t=i18n.translator(lang()),
            lang=lang(),
            csrf_token=csrf_token,
            strings_json=json.dumps(
                i18n.STRINGS.get(lang(), i18n.STRINGS["en"]), ensure_ascii=False
            ).replace("</", "<\\/"),
            **context,
        )

    @app.get("/")
    def index() -> Response:
        return redirect("/now")

    @app.get("/now")
    def now_page() -> str:
        snap = live.snapshot()
        mood = snap["mood"]
        colour = STATE_COLOURS.get(snap["state"]) or mood_colour(
            mood["dominant"] if mood and mood["face_present"] else None
        )
        return page("now", live=snap, colour=colour)

    @app.get("/api/live")
    def api_live() -> Response:
        return jsonify(live.snapshot())

    @app.get("/history")
    def history_page() -> str:
        span = request.args.get("range", "today")
        return page("history", span=span, **_history(store, span, lang()))

    @app.get("/api/history")
    def api_history() -> Response:
        start, end = _span_bounds(request.args.get("range", "today"))
        return jsonify(
            {
                "start": start,
                "end": end,
                "minutes": store.minutes(start, end),
                "checkins": store.checkins(start, end),
            }
        )

    @app.get("/conversations")
    def conversations_page() -> str:
        keep = settings.privacy.keep_transcripts
        convs = store.conversations(with_transcripts=keep)
        return page("conversations", keep=keep, conversations=list(reversed(convs)))

    @app.get("/settings")
    def settings_page() -> str:
        return page("settings", **_settings_form(settings, lang()))

    @app.post("/api/settings")
    def api_settings() -> tuple[Response, int]:
        body = request.get_json(silent=True) or {}
        key, value = body.get("key"), body.get("value")
        if not isinstance(key, str):
            return jsonify({"error": "missing key"}), 400
        try:
            settings.set(key, value)
            config.save_settings(settings, settings_path)
            if key == "general.start_at_login":
                from companion.tray.autostart import set_start_at_login

                set_start_at_login(bool(settings.get(key)))
        except UserError as exc:
            return jsonify({"error": str(exc)}), 400
        if key == "privacy.keep_transcripts" and not settings.get(key):
            store.delete_transcripts()
        if on_settings_changed is not None:
            on_settings_changed(key, settings.get(key))
        return jsonify({"ok": True, "key": key, "value": settings.get(key)}), 200

    @app.get("/privacy")
    def privacy_page() -> str:
        return page(
            "privacy",
            db_path=str(store.path),
            size_kib=max(1, round(store.size_bytes() / 1024)),
            counts=store.counts(),
            retention_days=settings.privacy.retention_days,
            deleted=request.args.get("deleted") == "1",
        )

    @app.get("/api/export")
    def api_export() -> Response:
        fmt = request.args.get("format", "json")
        if fmt not in ("json", "csv"):
            abort(400)
        stamp = time.strftime("%Y%m%d-%H%M")
        mime = "application/json" if fmt == "json" else "text/csv"
        return Response(
            export(store, fmt),
            mimetype=mime,
            headers={"Content-Disposition": f'attachment; filename="companion-{stamp}.{fmt}"'},
        )

    @app.post("/api/forget")
    def api_forget() -> Response:
        removed = forget_everything(store, data_dir)
        if on_forget is not None:
            on_forget()
        return jsonify({"ok": True, "removed": removed})

    return app


def _span_bounds(span: str) -> tuple[float, float]:
    """Local midnight today → tomorrow, or six days ago → tomorrow for the week."""
    today = datetime.now().replace(hour=0, minute=0, second=0, microsecond=0)
    end = today + timedelta(days=1)
    start = today - timedelta(days=6) if span == "week" else today
    return start.timestamp(), end.timestamp()


def _history(store: Store, span: str, lang: str) -> dict[str, Any]:
    t = i18n.translator(lang)
    start, end = _span_bounds(span)
    minutes = store.minutes(start, end)
    checkins = store.checkins(start, end)
    if span == "week":
        bucket = 3600
        ticks = []
        day = datetime.fromtimestamp(start)
        while day.timestamp() < end:
            label = f"{day.month}/{day.day}" if lang == "zh" else day.strftime("%a %d")
            ticks.append((day.timestamp(), label))
            day += timedelta(days=1)
    else:
        bucket = 300
        ticks = [(start + h * 3600, f"{h:02d}:00") for h in range(0, 25, 3)]
    observed = [m for m in minutes if m["valence"] is not None]
    low = [m for m in observed if m["valence"] < -0.2]
    talked = sum(1 for c in checkins if c["outcome"] in ("completed", "crisis"))
    return {
        "svg": timeline_svg(minutes, checkins, start, end, bucket, ticks, t),
        "mix": mood_mix(minutes),
        "observed_min": len(observed),
        "low_share": round(100 * len(low) / len(observed)) if observed else 0,
        "checkins": list(reversed(checkins)),
        "talked": talked,
    }


def _settings_form(settings: config.Settings, lang: str) -> dict[str, Any]:
    """Rows for the settings form: the everyday ones first, the rest under "more"."""
    rows = []
    for spec in config.describe():
        key = spec["key"]
        rows.append(
            {
                **spec,
                "section": key.split(".")[0],
                "label": i18n.setting_label(lang, key, spec["help"]),
                "value": settings.get(key),
                "main": key in i18n.MAIN_SETTINGS,
                "choice_labels": i18n.CHOICE_LABELS,
            }
        )
    order = {key: i for i, key in enumerate(i18n.MAIN_SETTINGS)}
    main = sorted((r for r in rows if r["main"]), key=lambda r: order[r["key"]])
    sections: dict[str, list[dict[str, Any]]] = {}
    for row in main:
        sections.setdefault(row["section"], []).append(row)
    return {"sections": sections, "more": [r for r in rows if not r["main"]]}
