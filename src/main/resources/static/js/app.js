// Pushbutton's page behaviour: filtering the catalog, friendly times, confirmations, and live run states.
// Loaded on every page; each part only acts when its elements are present. No inline script anywhere.
"use strict";

(() => {
  const FINAL = new Set(["succeeded", "failed", "killed", "timed_out", "lost", "rejected"]);

  /** States of a run that has not started and can still be cancelled rather than stopped. */
  const NOT_STARTED = new Set(["awaiting_approval", "queued"]);

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
      : m ? `${m}m ${String(s).padStart(2, "0")}s` : s === 0 && el.dataset.end ? "under 1s" : `${s}s`;
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
        if (!run.startedAt) {
          duration.textContent =
            run.state === "queued" ? "Waiting" : run.state === "awaiting_approval" ? "Awaiting" : "—";
        }
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
        if (!NOT_STARTED.has(run.state) && kill.dataset.stopPrompt) {
          kill.dataset.confirm = kill.dataset.stopPrompt;
          const button = kill.querySelector("button");
          if (button.textContent === "Cancel") button.textContent = "Stop";
        }
      }
      if (run.state !== "queued") document.getElementById("run-waiting")?.remove();
      if (run.state !== "awaiting_approval" && document.querySelector("#run-approval.awaiting")) {
        showApproval(page.dataset.runId);
      }
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

  /**
   * The run no longer awaits approval (approved, rejected or cancelled, here or by someone else): its
   * approval panel, without the Approve and Reject buttons, from the server.
   */
  async function showApproval(runId) {
    const area = document.getElementById("run-approval");
    if (!area || area.dataset.refreshing) return;
    area.dataset.refreshing = "true";
    area.querySelector("#decide-form")?.remove();
    try {
      const response = await fetch(`/runs/${encodeURIComponent(runId)}/approval`, { cache: "no-store" });
      if (!response.ok) return;
      const fresh = new DOMParser().parseFromString(await response.text(), "text/html").getElementById("run-approval");
      if (fresh) {
        area.replaceWith(fresh);
        refreshTimes(fresh);
      }
    } catch {
      // the state badge says it all the same; a reload shows the rest
    } finally {
      delete area.dataset.refreshing;
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
   * The run form checks each field as the server will, with the server's own sentences (the page
   * carries them in data-msg-* attributes), marks every field at fault at once and moves the focus to
   * the first. A pattern is checked only when the server gave it in the browser's dialect
   * (data-pattern): the HTML pattern attribute reads another dialect, so it is never used. The server
   * decides; what this cannot judge it leaves to the server.
   */
  function setUpFormChecks() {
    const form = document.getElementById("run-form");
    if (!form) return;
    const summary = document.getElementById("form-errors");
    const fields = () => [...form.querySelectorAll("input[data-label], select[data-label], textarea[data-label]")];

    const patterns = new Map();
    const patternOf = (field) => {
      const source = field.dataset.pattern;
      if (source === undefined) return null;
      if (!patterns.has(source)) {
        let regex = null;
        try {
          regex = new RegExp(`^(?:${source})$`, "u");
        } catch {
          // A browser that cannot compile it leaves the pattern to the server.
        }
        patterns.set(source, regex);
      }
      return patterns.get(source);
    };

    /**
     * The value as the server will judge it: a textarea's line breaks go as CR LF, and a field marked
     * data-trim (the reason) is judged without the blanks around it.
     */
    const sentValue = (field) => {
      const value = field.tagName === "TEXTAREA" ? field.value.replace(/\r?\n/g, "\r\n") : field.value;
      return field.dataset.trim === undefined ? value : value.trim();
    };

    /** The server's sentence for this field's value, or null when it would take it. */
    const problemOf = (field) => {
      const says = field.dataset;
      if (field.type === "checkbox") return field.required && !field.checked ? says.msgRequired : null;
      // Letters typed into a number box reach the form as nothing at all: say so, not "required".
      if (field.type === "number" && field.validity.badInput) return says.msgWhole;
      const value = sentValue(field);
      if (value === "") return field.required ? says.msgRequired : null;
      if (field.type === "number") {
        const text = value.trim();
        if (!/^[+-]?\d{1,18}$/.test(text)) return says.msgWhole;
        const number = BigInt(text);
        const below = field.min !== "" && number < BigInt(field.min);
        const above = field.max !== "" && number > BigInt(field.max);
        return below || above ? says.msgRange : null;
      }
      // The server counts characters (code points), as spreading a string does; .length counts UTF-16 units.
      const length = [...value].length;
      if (says.minLength !== undefined && length < Number(says.minLength)) return says.msgShort;
      if (says.maxLength !== undefined && length > Number(says.maxLength)) return says.msgLong;
      const pattern = patternOf(field);
      if (pattern && !pattern.test(value)) return says.msgPattern;
      return null;
    };

    const mark = (field, problem) => {
      const error = document.getElementById(`error-${field.name}`);
      if (error) {
        error.textContent = problem ?? "";
        error.hidden = !problem;
      }
      field.setAttribute("aria-invalid", String(Boolean(problem)));
      field.closest(".field")?.classList.toggle("invalid", Boolean(problem));
    };

    /** The summary above the form names each field at fault, as the server's does. */
    const summarise = () => {
      if (!summary) return;
      const invalid = fields().filter((f) => f.getAttribute("aria-invalid") === "true");
      summary.hidden = invalid.length === 0;
      const title = document.getElementById("form-errors-title");
      const list = document.getElementById("form-errors-list");
      if (!title || !list) return;
      title.textContent = `Please correct ${invalid.length} ${invalid.length === 1 ? "field" : "fields"}:`;
      list.replaceChildren();
      invalid.forEach((field, i) => {
        if (i > 0) list.append(", ");
        const link = document.createElement("a");
        link.href = `#${field.id}`;
        link.textContent = field.dataset.label;
        list.append(link);
      });
    };

    form.addEventListener("submit", (event) => {
      const invalid = fields().filter((field) => {
        const problem = problemOf(field);
        mark(field, problem);
        return problem;
      });
      summarise();
      if (invalid.length) {
        event.preventDefault();
        invalid[0].focus();
      }
    });
    // Typing that mends a marked field clears its mark at once; new marks wait for the next Run.
    // Marking on blur (a change event) would move the Run button between the press and the release
    // of a click on it, and the click would be lost.
    form.addEventListener("input", (event) => {
      const field = event.target;
      if (field.dataset?.label === undefined || field.getAttribute("aria-invalid") !== "true") return;
      if (problemOf(field)) return;
      mark(field, null);
      if (summary && !summary.hidden) summarise();
    });
    // A link in the summary takes the focus to its field, not just the view.
    summary?.addEventListener("click", (event) => {
      const link = event.target.closest("a[href^='#']");
      const field = link && document.getElementById(link.getAttribute("href").slice(1));
      if (!field) return;
      event.preventDefault();
      field.focus();
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
