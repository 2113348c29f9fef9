"use strict";
// The student's page: join, then ask the host every second what to show. Everything from the
// host is put on the page as text (textContent), never as HTML.
(function () {
  const KEY = "relquiz-token";
  const $ = (id) => document.getElementById(id);
  let token = localStorage.getItem(KEY);
  let last = "";
  let version = -1;

  function show(section) {
    for (const id of ["join", "quiz", "summary"]) $(id).hidden = id !== section;
  }

  function announce(text) {
    if (text !== last) { last = text; $("announce").textContent = text; }
  }

  async function call(path, body) {
    const options = { headers: { "X-Relquiz-Token": token || "" } };
    if (body) {
      options.method = "POST";
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    const response = await fetch(path, options);
    const data = await response.json().catch(() => ({}));
    return { status: response.status, data };
  }

  function render(state) {
    if (state.stage === "ended") {
      show("summary");
      const s = state.summary;
      $("score").textContent = s ? `${s.correct} of ${s.total} right (${s.answered} answered).` : "The class has ended.";
      const body = $("by-distinction");
      body.replaceChildren();
      for (const row of (s ? s.by_distinction : [])) {
        const tr = document.createElement("tr");
        const th = document.createElement("th");
        th.scope = "row";
        th.textContent = row.label;
        const td = document.createElement("td");
        td.textContent = row.cited ? `${row.correct} of ${row.cited}` : "not asked";
        tr.append(th, td);
        body.append(tr);
      }
      announce("The class has ended. Your results are shown.");
      return;
    }
    show("quiz");
    $("who").textContent = `Joined as ${state.name}`;
    $("progress").textContent = `Question ${state.number} of ${state.total}`;
    $("scenario").textContent = state.scenario;
    const open = state.stage === "voting" || state.stage === "revoting";
    $("vote-prompt").textContent = state.stage === "revoting"
      ? "Vote again, now that you have talked it over:" : "Is this a therapy relationship or a friendship?";
    for (const id of ["therapy", "friendship"]) {
      $(id).disabled = !open;
      $(id).setAttribute("aria-pressed", String(state.vote === id));
    }
    const chosen = state.vote ? (state.vote === "therapy" ? "Therapy" : "Friendship") : "";
    $("status").textContent = open
      ? (chosen ? `Answer received: ${chosen}. You can change it until voting closes.` : "Choose an answer.")
      : (state.stage === "revealed" ? "" : "Voting is closed. Wait for your teacher.");
    const reveal = state.reveal;
    $("reveal").hidden = !reveal;
    if (reveal) {
      const verdict = $("verdict");
      verdict.className = "verdict" + (reveal.right === true ? " right" : reveal.right === false ? " wrong" : "");
      const mark = reveal.right === true ? "Right. " : reveal.right === false ? "Not quite. " : "";
      verdict.textContent = `${mark}This is ${reveal.answer_name}.`;
      const rows = $("rows");
      rows.replaceChildren();
      for (const row of reveal.rows) {
        const dt = document.createElement("dt");
        dt.textContent = row.label;
        const dd = document.createElement("dd");
        dd.textContent = row.text;
        rows.append(dt, dd);
      }
      $("takeaway").textContent = reveal.takeaway ? `Takeaway: ${reveal.takeaway}` : "";
      $("others").textContent = reveal.not_at_stake.length
        ? "Not at stake here: " + reveal.not_at_stake.map((o) => `${o.label} (${o.text})`).join("; ") : "";
    }
    const said = { voting: "voting is open", revoting: "a second vote is open", spread: "voting is closed",
      respread: "voting is closed", revealed: "the answer is out" }[state.stage];
    announce(`Question ${state.number} of ${state.total}: ${said}.`);
  }

  // Ask for the state, held by the host until it changes: news arrives at once, and a dropped
  // connection costs one request, tried again a second later.
  async function poll() {
    if (!token) return;
    let wait = 0;
    try {
      const { status, data } = await call(`/api/state?since=${version}`);
      if (status === 401) { token = null; localStorage.removeItem(KEY); show("join"); return; }
      if (status === 200) { version = data.version; render(data); } else { wait = 1000; }
    } catch (error) {
      $("status").textContent = "Reconnecting...";
      wait = 1000;
    }
    setTimeout(poll, wait);
  }

  $("join-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    $("join-error").textContent = "";
    try {
      const { status, data } = await call("/api/join", { room: $("room").value, name: $("name").value });
      if (status !== 200) { $("join-error").textContent = data.error || "Could not join."; return; }
      token = data.token;
      localStorage.setItem(KEY, token);
      poll();
    } catch (error) {
      $("join-error").textContent = "The class cannot be reached. Check the address and try again.";
    }
  });

  for (const id of ["therapy", "friendship"]) {
    $(id).addEventListener("click", async () => {
      const { status, data } = await call("/api/vote", { answer: id });
      if (status === 200) { $(id).setAttribute("aria-pressed", "true"); }
      else { $("status").textContent = data.error || "Your vote did not arrive; try again."; }
    });
  }

  $("save").addEventListener("click", async () => {
    const response = await fetch("/api/results", { headers: { "X-Relquiz-Token": token || "" } });
    if (!response.ok) return;
    const link = document.createElement("a");
    link.href = URL.createObjectURL(await response.blob());
    link.download = "relquiz-results.json";
    link.click();
  });

  const room = new URLSearchParams(location.search).get("room");
  if (room) $("room").value = room;
  if (token) poll(); else show("join");
}());
