// The run page's log viewer, put together: it reads the end of the run's raw log and draws it at
// once, follows the live events from exactly where that ended, loads the earlier lines behind it,
// and keeps the toolbar, the search, the #L42 address and the headline above the log (the state,
// the job's ::status and ::progress, the exit code and the notes) in step. The pieces it joins each
// do one thing and know nothing of this page:
//
//   ansi.js           what a terminal shows for a line (colours, \r)
//   model.js          the lines held, the sections, notes and control lines among them, and
//                     which lines are on the list (VisibleLines)
//   search.js         search over every line held, in slices (slices.js: how long a slice is)
//   view.js           the scrolling list that draws only the rows in view, and those rows
//   toolbar.js        the search box and buttons above the log
//   transport.js      the server's API: the raw log, its stderr stretches, the run, its events
//
// They are few on purpose: each module is one more request before the page can draw, and over
// HTTP/1.1 a browser opens only six connections to a server; split twelve ways, the viewer drew a
// freshly opened log later than as one file (docs/BENCHMARKS.md). A job's output is text, never
// markup: every row is built with text nodes.

import { plainText } from "./ansi.js";
import { LogModel, VisibleLines } from "./model.js";
import { LogSearch } from "./search.js";
import { LogToolbar } from "./toolbar.js";
import { RunTransport } from "./transport.js";
import { element, LogView } from "./view.js";

const FINAL_STATES = new Set(["succeeded", "failed", "killed", "timed_out", "lost", "rejected"]);

/** Shows a run's state, status, progress, exit code and notes in the page's elements, if present. */
function showRunOnPage(run, model) {
  const state = document.getElementById("run-state");
  if (state && run.state) {
    // In the words the page uses (app.js knows them), "Timed out" rather than timed_out.
    state.textContent = window.pushbutton ? window.pushbutton.stateInWords(run.state) : run.state.replace(/_/g, " ");
    state.dataset.state = run.state;
    for (const c of [...state.classList]) if (c.startsWith("state-")) state.classList.remove(c);
    state.classList.add(`state-${run.state}`);
  }
  const status = document.getElementById("run-status");
  if (status && "status" in run) {
    status.textContent = run.status ?? "";
    status.hidden = run.status == null;
  }
  const progress = document.getElementById("run-progress");
  if (progress && "progress" in run) {
    if (run.progress != null) progress.value = run.progress;
    progress.hidden = run.progress == null;
  }
  const exit = document.getElementById("run-exit-code");
  if (exit) exit.textContent = run.exitCode ?? "—";
  const notes = document.getElementById("run-notes");
  if (notes && Array.isArray(run.notes)) showNotes(notes, run.notes, model);
}

/**
 * Each note links to the line it was printed on, counted in the log once the viewer holds all of
 * it (before that, the note's seq, as the page was drawn).
 */
function showNotes(list, notes, model) {
  const items = notes.map((note, i) => {
    const line = model.complete() ? model.noteLines[i] : undefined;
    const href = line === undefined ? `#L${note.seq}` : `#L${line + 1}`;
    const level = note.level === "error" ? "error" : "warning";
    // Labelled in words, not by colour alone.
    const label = element("strong", { class: "note-label" }, level === "error" ? "Error:" : "Warning:");
    return element("li", { class: `note-${level}` }, element("a", { href }, label, " ", String(note.text)));
  });
  list.replaceChildren(...items);
}

/** The line number in the address (#L42), 0-based; -1 when there is none. */
function lineFromHash() {
  const m = /^#L(\d+)$/.exec(window.location.hash);
  return m ? Number(m[1]) - 1 : -1;
}

class LogViewer {
  constructor(root) {
    this.root = root;
    this.transport = new RunTransport(root.dataset.runId, root.dataset.tail);
    this.model = new LogModel();
    this.visible = new VisibleLines(this.model);
    this.run = null;
    this.events = null;
    this.loaded = false;

    /** Bytes [0, earlierEnd) of the raw log hold the lines before the first one held. */
    this.earlierEnd = 0;
    this.earlier = null; // the loading of those lines, once started
    this.wantTop = false;

    root.classList.add("lv");
    this.search = new LogSearch(this.model, this.visible, (finished) => this.onSearchProgress(finished));
    this.toolbar = new LogToolbar(this.transport.downloadUrl(), {
      search: () => this.runSearch(),
      step: (direction) => this.stepMatch(direction),
      top: () => this.goTop(),
      showControl: (shown) => this.showControlLines(shown),
    });
    root.append(this.toolbar.root);
    this.view = new LogView(root, this.model, this.visible, this.search, {
      loaded: () => this.loaded,
      afterRender: () => this.afterRender(),
      top: () => this.goTop(),
    });
    this.view.target = lineFromHash();
    this.pendingTarget = this.view.target;
    if (this.pendingTarget >= 0) this.view.following = false;
    window.addEventListener("hashchange", () => this.onHashChange());
  }

  showControlLines(show) {
    this.view.keepInView(() => {
      this.visible.showControl = show;
    });
    this.search.restart();
    this.showCount();
  }

  /** The first line: at once when it is held, else as soon as the earlier lines are in. */
  goTop() {
    if (this.model.complete()) {
      this.view.scrollToOffset(0);
      return;
    }
    this.wantTop = true;
    this.loadEarlier();
  }

  // -- search ---------------------------------------------------------------------------------

  runSearch() {
    this.search.setQuery(this.toolbar.query());
    this.showCount();
    this.view.schedule();
  }

  stepMatch(direction) {
    if (this.search.step(direction)) this.showSelectedMatch();
  }

  showSelectedMatch() {
    const selected = this.search.selected();
    if (selected) this.view.scrollToLine(selected.line, false);
    this.showCount();
  }

  onSearchProgress(finished) {
    // When the first scan of a new query ends, select the first match from the top of the view.
    if (finished && this.search.current < 0 && this.search.total()) {
      const top = Math.floor(this.view.offset / this.view.rowHeight);
      this.search.selectFrom(this.visible.lineAt(top));
      this.showSelectedMatch();
    }
    this.showCount();
    this.view.schedule();
  }

  showCount() {
    const s = this.search;
    const total = s.total().toLocaleString();
    let text = "";
    if (s.active()) {
      if (s.current >= 0) text = `${(s.current + 1).toLocaleString()} of ${total}`;
      else text = s.total() || s.scanning() ? `${total} found` : "No matches";
      if (s.scanning()) text += "…";
    }
    this.toolbar.setCount(text);
  }

  // -- the address ----------------------------------------------------------------------------

  onHashChange() {
    const line = lineFromHash();
    if (line < 0) return;
    this.view.target = line;
    if (this.model.has(line)) {
      this.revealLine(line, false);
    } else {
      this.pendingTarget = line;
      if (line < this.model.origin) this.loadEarlier();
    }
  }

  /** Scrolls to a line someone linked to: a control line shows the control lines first. */
  revealLine(line, always) {
    if (this.visible.isHidden(line)) {
      this.toolbar.controlBox.checked = true;
      this.showControlLines(true);
    }
    this.view.scrollToLine(line, always);
  }

  afterRender() {
    if (this.pendingTarget >= 0 && this.model.has(this.pendingTarget)) {
      const line = this.pendingTarget;
      this.pendingTarget = -1;
      this.revealLine(line, true);
      return;
    }
    // Marks for tests and measurements: when the end of the log was first drawn, and when all of it.
    if (this.loaded && !this.root.dataset.tailMs) {
      this.root.dataset.tailMs = String(Math.round(performance.now()));
    }
    if (this.loaded && this.model.complete() && !this.root.dataset.ready) {
      this.root.dataset.ready = "true";
      this.root.dataset.readyMs = String(Math.round(performance.now()));
    }
  }

  // -- loading and following ------------------------------------------------------------------

  /** Something changed in the model: draw it, and look for the search in new lines. */
  changed() {
    this.view.schedule();
    this.search.resume();
  }

  async start() {
    // The page was drawn before the log is asked for: if the run had ended by then, the log has
    // all of it and there is nothing to follow.
    const endedBeforeLoad = FINAL_STATES.has(this.root.dataset.state);
    const run = this.fetchRun();
    let lastSeq = null;
    try {
      lastSeq = await this.loadTail();
    } catch {
      this.setInfo("The log could not be loaded; following the live output.");
    }
    this.loaded = true;
    this.view.render();
    if ((await run) === undefined) {
      this.setInfo("There is no such run.");
      return;
    }
    if (this.run) showRunOnPage(this.run, this.model);
    if (!endedBeforeLoad || lastSeq === null) this.follow(lastSeq);
    if (lastSeq !== null) {
      // After the end is on screen: what comes next must not hold up its first drawing.
      await new Promise((resolve) => requestAnimationFrame(resolve));
      this.loadStreams();
      if (!this.model.complete()) this.loadEarlier();
    }
  }

  /** The run as it stands: null when it could not be read, undefined when there is no such run. */
  async fetchRun() {
    const { status, run } = await this.transport.readRun();
    if (status === 401) {
      // Signed out meanwhile (the session ended): the reload goes by the sign-in page and back.
      window.location.reload();
      return null;
    }
    if (status === 404) return undefined;
    if (run === null) return null;
    this.applyState(run);
    return run;
  }

  /**
   * Loads the end of the raw log and shows it; the lines before it are loaded next, behind the
   * scenes. Returns the last event the log includes, or null when the server did not say (then
   * every line comes from the event stream instead).
   */
  async loadTail() {
    const tail = await this.transport.readTail((sofar) =>
      this.setInfo(`Loading… ${sofar.length.toLocaleString()} lines`),
    );
    if (tail.lastSeq === null) {
      this.setInfo("");
      return null;
    }
    this.model.origin = tail.firstLine;
    this.earlierEnd = tail.earlierEnd;
    this.logSize = tail.size;
    for (const line of tail.lines) this.model.addRawLine(line);
    if (tail.rest) this.model.addRawTail(tail.rest);
    this.model.lastSeq = tail.lastSeq;
    this.setInfo("");
    this.changed();
    return tail.lastSeq;
  }

  /**
   * Loads the lines before the first one held and puts them in front, keeping the lines on
   * screen where they are. Once is enough: the log only grows at its end.
   */
  loadEarlier() {
    if (this.model.complete() || this.earlier) return;
    this.setInfo("Loading earlier lines…");
    this.earlier = (async () => {
      try {
        const lines = await this.transport.readEarlier(this.earlierEnd, (sofar) =>
          this.setInfo(`Loading earlier lines… ${sofar.length.toLocaleString()} of ${this.model.origin.toLocaleString()}`),
        );
        if (lines.length !== this.model.origin) {
          throw new Error(`expected ${this.model.origin} earlier lines, got ${lines.length}`);
        }
        this.view.keepInView(() => {
          this.model.prepend(lines);
          this.visible.refresh();
        });
        this.setInfo("");
        if (this.run) showRunOnPage(this.run, this.model); // the notes link to their lines now
        this.search.restart();
        this.changed();
        if (this.wantTop) {
          this.wantTop = false;
          this.view.scrollToOffset(0);
        }
      } catch (e) {
        console.warn("earlier lines", e);
        this.setInfo("The earlier lines could not be loaded. Use Top to try again.");
        this.earlier = null;
      }
    })();
  }

  /**
   * Asks the server which lines stderr wrote: the raw log does not say, and the red mark must not
   * depend on having watched the run live. Without an answer only the marks are missing.
   */
  async loadStreams() {
    const ranges = await this.transport.readStderrLines(this.logSize);
    if (ranges === null) return;
    this.model.stderrRanges = ranges;
    this.view.schedule();
  }

  /** Follows the run's events after `after`, resuming from the last line applied when refused. */
  follow(after) {
    this.events = this.transport.follow(after, {
      output: (event) => this.onOutput(event),
      lines: (batch) => this.onLines(batch),
      state: (run) => this.applyState(run),
      report: (report) => {
        if (this.run) this.applyState({ ...this.run, ...report });
      },
      connected: () => this.setInfo(""),
      lost: () => this.setInfo("Connection lost; reconnecting…"),
      ended: () => this.isFinal(),
      resume: async () => {
        await this.fetchRun(); // says why the stream was refused: signed out, say
        return this.model.lastSeq;
      },
    });
  }

  onOutput(event) {
    if (this.apply(event)) this.changed();
  }

  /** Several chunks at once (a backlog): applied one by one, the page redrawn once. */
  onLines(batch) {
    const last = batch.texts.length - 1;
    let applied = false;
    batch.texts.forEach((text, i) => {
      const eol = i < last || batch.eol;
      if (this.apply({ seq: batch.seq + i, stream: batch.stream, text, eol })) applied = true;
    });
    if (applied) this.changed();
  }

  /** Adds one chunk to the log; false when it changed nothing. A line that grew is searched again. */
  apply(event) {
    const line = this.model.applyOutput(event);
    if (line < 0) return false;
    if (this.model.extended) this.search.invalidateFrom(line);
    return true;
  }

  isFinal() {
    return this.run !== null && FINAL_STATES.has(this.run.state);
  }

  applyState(run) {
    this.run = run;
    this.root.dataset.state = run.state;
    showRunOnPage(run, this.model);
    document.dispatchEvent(new CustomEvent("pushbutton:state", { detail: run }));
    // The server ends the stream after the final state; closing first stops the browser reconnecting.
    if (this.isFinal() && this.events) {
      this.events.close();
      this.setInfo("");
    }
  }

  setInfo(text) {
    this.toolbar.setInfo(text);
  }

  /** What tests and other page code may use. */
  api() {
    const viewer = this;
    return {
      lineCount: () => viewer.model.lineCount(),
      /** The number of the first line held (0 once the whole log is in). */
      firstLine: () => viewer.model.origin,
      lineText: (i) => (viewer.model.has(i) ? plainText(viewer.model.text(i)) : null),
      lastSeq: () => viewer.model.lastSeq,
      get source() {
        return viewer.events ? viewer.events.source : null;
      },
      state: () => viewer.run,
    };
  }
}

function mount() {
  const root = document.getElementById("log");
  if (!root || !root.dataset.runId) return;
  const viewer = new LogViewer(root);
  window.pushbuttonLog = viewer.api();
  viewer.start();
}

// A module runs once the document is parsed, so the log's element is there already.
mount();
