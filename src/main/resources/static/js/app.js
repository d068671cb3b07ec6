// Pushbutton's page behaviour: filtering the catalog, friendly times, confirmations, and live run states.
// Loaded on every page; each part only acts when its elements are present. No inline script anywhere.
"use strict";

(() => {
  const FINAL = new Set(["succeeded", "failed", "killed", "timed_out", "lost"]);

  /** The catalog's filter box hides the cards (and empty groups) that do not match. */
  function setUpFilter() {
    const box = document.getElementById("job-filter");
    if (!box) return;
    const apply = () => {
      const words = box.value.toLowerCase().split(/\s+/).filter(Boolean);
      let shown = 0;
      document.querySelectorAll(".job-card").forEach((card) => {
        const match = words.every((w) => card.dataset.search.includes(w));
        card.hidden = !match;
        if (match) shown++;
      });
      document.querySelectorAll(".job-group").forEach((group) => {
        group.hidden = !group.querySelector(".job-card:not([hidden])");
      });
      document.getElementById("no-match").hidden = shown > 0;
    };
    box.addEventListener("input", apply);
    apply();
  }

  const relative = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
  const absolute = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });

  /** "3 minutes ago", with the full date as a tooltip. */
  function describeTime(el) {
    const at = new Date(el.getAttribute("datetime"));
    if (Number.isNaN(at.getTime())) return;
    const seconds = Math.round((at.getTime() - Date.now()) / 1000);
    const abs = Math.abs(seconds);
    let text;
    if (abs < 45) text = relative.format(seconds, "second");
    else if (abs < 2700) text = relative.format(Math.round(seconds / 60), "minute");
    else if (abs < 79200) text = relative.format(Math.round(seconds / 3600), "hour");
    else if (abs < 2592000) text = relative.format(Math.round(seconds / 86400), "day");
    else text = absolute.format(at);
    el.textContent = text;
    el.title = absolute.format(at);
  }

  /** 1h 02m 03s from a start and an end (or now, for a run still going). */
  function describeDuration(el) {
    const start = el.dataset.start ? new Date(el.dataset.start) : null;
    if (!start) return;
    const end = el.dataset.end ? new Date(el.dataset.end) : new Date();
    let s = Math.max(0, Math.round((end - start) / 1000));
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    s %= 60;
    el.textContent = h ? `${h}h ${String(m).padStart(2, "0")}m ${String(s).padStart(2, "0")}s`
      : m ? `${m}m ${String(s).padStart(2, "0")}s` : `${s}s`;
    // In a table, the cell says whether the run is still going: "Elapsed 12s", "Took 4s".
    const label = el.parentElement && el.parentElement.querySelector(".duration-label");
    if (label) label.textContent = el.dataset.end ? "Took " : "Elapsed ";
  }

  function refreshTimes(root = document) {
    root.querySelectorAll("time.at").forEach((el) => {
      const at = new Date(el.getAttribute("datetime"));
      if (!Number.isNaN(at.getTime())) el.textContent = absolute.format(at);
    });
    root.querySelectorAll("time.when").forEach(describeTime);
    root.querySelectorAll(".duration").forEach(describeDuration);
  }

  /**
   * Forms with data-confirm ask first (Stop, Cancel). Stop is then sent without leaving the page, so
   * that the page can move the reader's focus to the outcome once the run has ended.
   */
  function setUpConfirmations() {
    document.addEventListener("submit", (event) => {
      const form = event.target;
      const message = form.dataset && form.dataset.confirm;
      if (message && !window.confirm(message)) {
        event.preventDefault();
        return;
      }
      if (form.id === "kill-form") {
        event.preventDefault();
        stopThisRun(form);
      }
    });
  }

  let stopRequested = false;

  async function stopThisRun(form) {
    stopRequested = true;
    const button = form.querySelector("button");
    button.disabled = true;
    try {
      const response = await fetch(form.action, { method: "POST", body: new FormData(form), redirect: "manual" });
      // A redirect (the form's usual answer) arrives as an opaque response: the stop was taken.
      if (response.type !== "opaqueredirect" && !response.ok) throw new Error(`HTTP ${response.status}`);
      button.textContent = "Stopping…";
    } catch {
      form.submit(); // the plain form, which reloads the page with the server's word
    }
  }

  const stateWords = (() => {
    const meta = document.querySelector('meta[name="state-words"]');
    try {
      return meta ? JSON.parse(meta.content) : {};
    } catch {
      return {};
    }
  })();

  /** A state as the pages say it: "Timed out", not timed_out. */
  function stateInWords(state) {
    return stateWords[state] ?? state.replace(/_/g, " ");
  }

  // For the log viewer, which draws the run page's state badge too.
  window.pushbutton = { stateInWords };

  function badge(run) {
    const span = document.createElement("span");
    span.className = `badge state-${run.state}`;
    span.dataset.state = run.state;
    span.textContent = stateInWords(run.state);
    return span;
  }

  function timeElement(iso) {
    const t = document.createElement("time");
    t.className = "when";
    t.setAttribute("datetime", iso);
    describeTime(t);
    return t;
  }

  /** A run changed: update every row and card that shows it. */
  function showRunChange(run) {
    document.querySelectorAll(`[data-run-id="${CSS.escape(run.id)}"]`).forEach((row) => {
      const old = row.querySelector(".badge");
      if (old) old.replaceWith(badge(run));
      const exit = row.querySelector(".exit");
      if (exit) exit.textContent = run.exitCode ?? "—";
      const duration = row.querySelector(".duration");
      if (duration) {
        if (run.startedAt) duration.dataset.start = run.startedAt;
        if (run.finishedAt) duration.dataset.end = run.finishedAt;
        describeDuration(duration);
      }
    });
    const card = document.querySelector(`.job-card[data-job-id="${CSS.escape(run.jobId)}"] .last-run`);
    if (card) {
      const link = document.createElement("a");
      link.className = "last-run-link";
      link.href = `/runs/${encodeURIComponent(run.id)}`;
      link.append(badge(run), " ", timeElement(run.createdAt));
      card.replaceChildren(link);
    }
    const list = document.getElementById("runs");
    const known = document.querySelector(`[data-run-id="${CSS.escape(run.id)}"]`);
    if (list && !known && list.dataset.firstPage === "true" && window.htmx) {
      window.htmx.ajax("GET", list.dataset.refresh, { target: "#runs", swap: "outerHTML" });
    }
  }

  /** Pages that list runs follow every run's changes over one event stream. */
  function followRunChanges() {
    if (!document.querySelector('[data-live="runs"]')) return;
    const source = new EventSource("/api/events");
    source.addEventListener("state", (e) => showRunChange(JSON.parse(e.data)));
    source.addEventListener("reload", () => window.location.reload());
  }

  /** The run page reacts to its run's state and report (the log viewer dispatches pushbutton:state). */
  function followThisRun() {
    const page = document.querySelector(".run-page");
    if (!page) return;
    let ended = page.dataset.final === "true";
    document.addEventListener("pushbutton:state", (e) => {
      const run = e.detail;
      const final = FINAL.has(run.state);
      const state = document.getElementById("run-state");
      if (state) state.textContent = stateInWords(run.state);
      const elapsed = document.getElementById("run-elapsed");
      if (elapsed) {
        if (run.startedAt) elapsed.dataset.start = run.startedAt;
        if (run.finishedAt) elapsed.dataset.end = run.finishedAt;
        describeDuration(elapsed);
      }
      const label = document.getElementById("run-elapsed-label");
      if (label) label.textContent = final ? "Took" : "Elapsed";
      const started = document.getElementById("run-started");
      if (started && run.startedAt && !started.querySelector("time")) {
        started.replaceChildren(timeElement(run.startedAt));
      }
      showProgress(run, final);
      const kill = document.getElementById("kill-form");
      if (kill) {
        kill.hidden = final;
        if (run.state !== "queued" && kill.dataset.stopPrompt) {
          kill.dataset.confirm = kill.dataset.stopPrompt;
          const button = kill.querySelector("button");
          if (button.textContent === "Cancel") button.textContent = "Stop";
        }
      }
      if (run.state !== "queued") document.getElementById("run-waiting")?.remove();
      const killedBy = document.getElementById("run-killed-by");
      if (killedBy && run.killedBy) {
        killedBy.textContent = run.killedBy;
        killedBy.parentElement.hidden = false;
      }
      if (final && !ended) {
        ended = true;
        const again = document.getElementById("again-button");
        if (again) again.disabled = false;
        showOutcome(page.dataset.runId);
      }
    });
  }

  /** The progress bar as a number too; one that stopped short of the end says so, in red. */
  function showProgress(run, final) {
    const text = document.getElementById("run-progress-text");
    const line = document.getElementById("run-progress-line");
    if (!text || !line || !("progress" in run)) return;
    line.hidden = run.progress == null;
    if (run.progress == null) return;
    const percent = `${Math.round(run.progress)}%`;
    const stopped = final && run.state !== "succeeded";
    text.textContent = stopped ? `Stopped at ${percent}` : percent;
    line.classList.toggle("progress-stopped", stopped);
  }

  /** The run has ended: its outcome, in words, from the server; focus there after Stop. */
  async function showOutcome(runId) {
    try {
      const response = await fetch(`/runs/${encodeURIComponent(runId)}/outcome`, { cache: "no-store" });
      if (!response.ok) return;
      const area = document.getElementById("run-outcome");
      const fresh = new DOMParser().parseFromString(await response.text(), "text/html").getElementById("run-outcome");
      if (!area || !fresh) return;
      area.replaceWith(fresh);
      if (stopRequested) fresh.focus();
    } catch {
      // the page still shows the state; a reload shows the outcome
    }
  }

  /** Copy buttons put their data-copy text on the clipboard (the run's full id). */
  function setUpCopyButtons() {
    document.addEventListener("click", async (event) => {
      const button = event.target.closest("button[data-copy]");
      if (!button) return;
      const text = button.dataset.copy;
      let copied = false;
      try {
        await navigator.clipboard.writeText(text);
        copied = true;
      } catch {
        // No clipboard API outside a secure context: copy through a selection instead.
        const area = document.createElement("textarea");
        area.value = text;
        area.setAttribute("readonly", "");
        area.style.position = "fixed";
        area.style.opacity = "0";
        document.body.append(area);
        area.select();
        copied = document.execCommand("copy");
        area.remove();
      }
      const before = button.textContent;
      button.textContent = copied ? "Copied" : "Select and copy: " + text;
      setTimeout(() => (button.textContent = before), 2000);
    });
  }

  /**
   * The run form checks what the browser can before sending (required, ranges, lengths, patterns) and
   * shows each message beside its field, where the server's messages appear too. The server decides.
   */
  function setUpFormChecks() {
    const form = document.getElementById("run-form");
    if (!form) return;
    const show = (field) => {
      const error = document.getElementById(`error-${field.name}`);
      if (!error) return true;
      const valid = field.checkValidity();
      error.textContent = valid ? "" : field.validationMessage;
      error.hidden = valid;
      field.setAttribute("aria-invalid", String(!valid));
      field.closest(".field")?.classList.toggle("invalid", !valid);
      return valid;
    };
    form.addEventListener("submit", (event) => {
      const fields = [...form.querySelectorAll("input[name], select[name], textarea[name]")];
      const invalid = fields.filter((f) => !show(f));
      if (invalid.length) {
        event.preventDefault();
        invalid[0].focus();
      }
    });
    form.addEventListener("change", (event) => {
      if (event.target.name) show(event.target);
    });
  }

  /**
   * Requests htmx sends that change something carry the page's CSRF token, as its forms do (the
   * token is in the page's head; GETs need none).
   */
  function sendCsrfToken() {
    const token = document.querySelector('meta[name="csrf-token"]');
    const header = document.querySelector('meta[name="csrf-header"]');
    if (!token || !header) return;
    document.body.addEventListener("htmx:configRequest", (e) => {
      if (e.detail.verb !== "get") e.detail.headers[header.content] = token.content;
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    sendCsrfToken();
    setUpFormChecks();
    setUpFilter();
    setUpConfirmations();
    refreshTimes();
    followRunChanges();
    followThisRun();
    setUpCopyButtons();
    document.body.addEventListener("htmx:afterSwap", (e) => refreshTimes(e.target));
    setInterval(() => refreshTimes(), 1000);
  });
})();
