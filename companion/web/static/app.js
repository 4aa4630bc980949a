// Companion dashboard: live mood polling, settings autosave, delete-everything. No libraries.
"use strict";
(function () {
  const S = JSON.parse(document.getElementById("strings").textContent || "{}");
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const t = (key, fmt) => {
    let text = S[key] !== undefined ? S[key] : key;
    for (const k in fmt || {}) text = text.replace("{" + k + "}", fmt[k]);
    return text;
  };
  const $ = (id) => document.getElementById(id);
  const COLOURS = {
    happy: "#e3b448", neutral: "#7fa89b", surprise: "#e39a5a", sad: "#6f8fca",
    fear: "#9b84c4", angry: "#d4765f", disgust: "#8aa05d",
  };
  const GREY = { paused: "#a3a9ab", privacy: "#5d6670", stopped: "#a3a9ab" };

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify(body || {}),
      credentials: "same-origin",
    });
  }

  // ---- Now: poll the live state once a second ----
  function renderLive(s) {
    const hero = $("hero");
    const mood = s.mood;
    const face = mood && mood.face_present;
    hero.dataset.state = s.state;
    hero.dataset.mood = face ? mood.dominant : "";
    let word;
    if (s.state === "stopped") word = "—";
    else if (!mood) word = t("now.waiting");
    else if (!face) word = t("now.no_face");
    else word = t("emotion." + mood.dominant);
    $("mood-word").textContent = word;
    const line = $("state-line");
    line.textContent = t("state." + s.state);
    line.className = "state-line state-" + s.state;
    $("not-running").hidden = s.state !== "stopped";
    const colour = GREY[s.state] || (face ? COLOURS[mood.dominant] || "#b9c1c0" : "#b9c1c0");
    hero.style.setProperty("--mood", colour);
    const v = face ? mood.valence : 0;
    const curve = 78 + v * 12;
    $("mouth").setAttribute("d", `M38 78 Q60 ${curve.toFixed(1)} 82 78`);
    $("valence-dot").style.left = ((v + 1) * 50).toFixed(1) + "%";
    $("valence-word").textContent = face
      ? t(v < -0.2 ? "valence.low" : v > 0.2 ? "valence.high" : "valence.mid") : "";
    const conf = face ? Math.round(mood.confidence * 100) : 0;
    $("confidence-bar").style.width = conf + "%";
    $("confidence-pct").textContent = face ? conf + "%" : "—";
    $("camera-state").textContent = s.camera ? t("camera." + s.camera.state) : "—";
    if (s.last_checkin) {
      const mins = Math.round((s.now - s.last_checkin.t) / 60);
      $("last-checkin").textContent = t("emotion." + s.last_checkin.emotion) + " · " +
        (mins < 1 ? t("now.just_now") : t("now.ago", { n: mins }));
    }
    drawSpark(s.recent || []);
  }

  function drawSpark(points) {
    const W = 600, H = 90, span = 300;
    let d = "", area = "", first = null, last = null, pen = false;
    for (const [dt, v] of points) {
      if (v === null) { pen = false; continue; }
      const x = (W * (span + dt) / span).toFixed(1);
      const y = (H / 2 - v * (H / 2 - 6)).toFixed(1);
      d += (pen ? "L" : "M") + x + " " + y + " ";
      if (first === null) first = x;
      last = x;
      pen = true;
    }
    $("spark-line").setAttribute("d", d);
    if (first !== null && d.split("M").length === 2) {
      area = `M${first} ${H / 2} ` + d.replace("M", "L") + `L${last} ${H / 2} Z`;
    }
    $("spark-area").setAttribute("d", area);
  }

  function poll() {
    fetch("/api/live", { credentials: "same-origin" })
      .then((r) => (r.ok ? r.json() : Promise.reject(r.status)))
      .then(renderLive)
      .catch(() => {})
      .finally(() => setTimeout(poll, 1000));
  }

  // ---- Settings: save each field when it changes ----
  function initSettings() {
    const form = $("settings-form");
    form.addEventListener("submit", (e) => e.preventDefault());
    form.addEventListener("change", (e) => {
      const input = e.target;
      const field = input.closest(".field");
      if (!field) return;
      const status = field.querySelector(".status");
      let value = input.type === "checkbox" ? input.checked : input.value;
      if (input.dataset.type === "int" || input.dataset.type === "float") {
        value = input.value === "" ? input.value : Number(input.value);
      }
      status.textContent = "…";
      post("/api/settings", { key: input.name, value: value })
        .then((r) => r.json().then((body) => ({ ok: r.ok, body })))
        .then(({ ok, body }) => {
          field.classList.toggle("invalid", !ok);
          status.textContent = ok ? "✓ " + form.dataset.saved : body.error || "error";
          if (ok && input.name === "general.language") window.location.reload();
        })
        .catch(() => { field.classList.add("invalid"); status.textContent = "error"; });
    });
  }

  // ---- Privacy: delete everything after a confirmation ----
  function initPrivacy() {
    $("forget").addEventListener("click", (e) => {
      if (!window.confirm(e.target.dataset.confirm)) return;
      post("/api/forget").then((r) => {
        if (r.ok) window.location.assign("/privacy?deleted=1");
      });
    });
  }

  const page = document.body.dataset.page;
  if (page === "now") poll();
  if (page === "settings") initSettings();
  if (page === "privacy") initPrivacy();
})();
