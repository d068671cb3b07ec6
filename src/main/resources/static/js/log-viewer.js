// The run page's log viewer: loads a run's raw log, follows its live events, and shows it as a
// virtual list, so that a log of a million lines opens at once and scrolls smoothly.
//
// How it fits together:
// - LogModel keeps the lines as the strings the job printed (colour codes and \r included) in one
//   flat array, plus the little structure the page needs: which lines came from stderr, the
//   ::group:: sections, the ::error::/::warning:: lines and the control lines (::status and such).
//   It holds the end of the log first and earlier lines once they arrive: `origin` is the number
//   of the first line it holds, so every line keeps its own number throughout.
// - interpretLine() turns one such string into what a terminal would show: plain text plus a
//   style per character. It runs only for the rows on screen, and for search.
// - LogSearch scans the line array (never the DOM) in time slices and keeps the matches compactly.
// - LogView draws only the rows on screen into a tall, scrollable spacer.
// - LogViewer loads the end of the raw log (a Range request), shows it, follows the event stream,
//   and loads the earlier lines behind it; it updates the page around the log.
//
// Search runs here, over every line, once the earlier lines are in (a million lines arrive in
// about a second): a search on the server would answer sooner for a huge log, but the viewer must
// hold the lines anyway to scroll to a match, so it would only move the wait.
//
// A job's output is text, never markup: every row is built with createTextNode and textContent.
"use strict";

(() => {
  const FINAL_STATES = new Set(["succeeded", "failed", "killed", "timed_out", "lost", "rejected"]);

  /** Browsers cannot scroll elements taller than this (Chromium ~33.5M px, Firefox ~17.9M px). */
  const MAX_SCROLL_HEIGHT = 15_000_000;
  /** Rows drawn above and below the screen, so a fast scroll shows text before the next frame. */
  const OVERSCAN = 15;
  /** Longer lines are cut on screen (the search and the raw download still have all of it). */
  const MAX_SHOWN_CHARS = 20_000;
  /** How long a piece of background work (parsing, searching) may hold the main thread. */
  const SLICE_MS = 12;
  /**
   * While a big log loads, how often it is drawn: drawing costs the browser a frame's layout and
   * paint, and doing that every frame would double the time to open a million lines.
   */
  const LOADING_REDRAW_MS = 250;
  const SEARCH_DELAY_MS = 150;
  /**
   * How much of the end of the log is read first: enough lines to fill any screen and scroll a
   * little, small enough to arrive and draw at once (about 2,800 lines of 90 bytes).
   */
  const TAIL_BYTES = 256 * 1024;
  const MAX_RECONNECT_DELAY_MS = 30_000;

  /** Gives the browser a chance to paint and handle input during long work. */
  function yieldToEventLoop() {
    if (globalThis.scheduler && typeof globalThis.scheduler.yield === "function") {
      return globalThis.scheduler.yield();
    }
    return new Promise((resolve) => setTimeout(resolve, 0));
  }

  // ---------------------------------------------------------------------------------------------
  // Terminal interpretation: ANSI escape sequences and carriage returns.

  /** The style of text with no SGR attributes; also what SGR 0 returns to. */
  const PLAIN = Object.freeze({ fg: null, bg: null, bold: false, dim: false, italic: false, underline: false });

  /** Any C0 control except tab: a line without one is shown exactly as it is. */
  const CONTROL = /[\x00-\x08\x0a-\x1f\x7f]/;

  /**
   * One escape sequence or control character. Group 1 and 2 are a CSI sequence's parameters and
   * final byte (SGR is "m", erase-in-line is "K"); OSC and string sequences (window titles,
   * hyperlinks) and every other escape are matched so they can be dropped.
   */
  const TOKEN =
    /\x1b\[([0-?]*)[ -/]*([@-~])|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[PX^_][^\x1b]*(?:\x1b\\)?|\x1b[ -/]*[0-~]?|[\x00-\x08\x0a-\x1f\x7f]/g;

  /** The 6x6x6 colour cube and grey ramp of the 256-colour palette, above the 16 named colours. */
  function paletteColour(n) {
    if (n < 16) return n;
    if (n >= 232) {
      const grey = 8 + (n - 232) * 10;
      return `rgb(${grey}, ${grey}, ${grey})`;
    }
    const level = (v) => (v === 0 ? 0 : 55 + v * 40);
    const i = n - 16;
    return `rgb(${level(Math.floor(i / 36))}, ${level(Math.floor(i / 6) % 6)}, ${level(i % 6)})`;
  }

  /**
   * Reads an extended colour (38/48: "5;n" or "2;r;g;b") starting at codes[i]; returns the colour
   * (a palette index, or a CSS colour string) and how many codes it used.
   */
  function extendedColour(codes, i) {
    const clamp = (v) => Math.max(0, Math.min(255, v || 0));
    if (codes[i] === 5 && codes.length > i + 1) return [paletteColour(clamp(codes[i + 1])), 2];
    if (codes[i] === 2 && codes.length > i + 3) {
      return [`rgb(${clamp(codes[i + 1])}, ${clamp(codes[i + 2])}, ${clamp(codes[i + 3])})`, 4];
    }
    return [undefined, codes.length - i];
  }

  /**
   * The numbers of an SGR sequence. Colon sub-parameters are read like their semicolon form for
   * colours (38:2::r:g:b) and dropped elsewhere (4:3, a curly underline, is an underline).
   */
  function sgrCodes(params) {
    return (params === "" ? "0" : params)
      .split(";")
      .flatMap((part) => {
        if (!part.includes(":")) return [part];
        const sub = part.split(":").filter((p) => p !== "");
        return sub[0] === "38" || sub[0] === "48" ? sub : sub.slice(0, 1);
      })
      .map(Number);
  }

  /** The style after one SGR sequence ("1;31", "38;5;208", "" for reset). */
  function applySgr(style, params) {
    if (!/^[\d;:]*$/.test(params)) return style; // private sequences such as ESC[>4m are not SGR
    const codes = sgrCodes(params);
    let s = { ...style };
    for (let i = 0; i < codes.length; i++) {
      const c = codes[i];
      if (c === 0) s = { ...PLAIN };
      else if (c === 1) s.bold = true;
      else if (c === 2) s.dim = true;
      else if (c === 3) s.italic = true;
      else if (c === 4) s.underline = true;
      else if (c === 22) s.bold = s.dim = false;
      else if (c === 23) s.italic = false;
      else if (c === 24) s.underline = false;
      else if (c >= 30 && c <= 37) s.fg = c - 30;
      else if (c >= 90 && c <= 97) s.fg = c - 90 + 8;
      else if (c === 39) s.fg = null;
      else if (c >= 40 && c <= 47) s.bg = c - 40;
      else if (c >= 100 && c <= 107) s.bg = c - 100 + 8;
      else if (c === 49) s.bg = null;
      else if (c === 38 || c === 48) {
        const [colour, used] = extendedColour(codes, i + 1);
        if (colour !== undefined) s[c === 38 ? "fg" : "bg"] = colour;
        i += used;
      }
    }
    return s;
  }

  /**
   * One line as a terminal holds it: characters written at a cursor, so that after a \r the
   * following text overwrites the line from column 0 (progress bars). Keeps a style per character
   * only when asked to (for drawing; search needs the text alone).
   */
  class LineScreen {
    constructor(withStyles) {
      this.text = "";
      this.styles = withStyles ? [] : null;
      this.col = 0;
    }

    write(s, style) {
      const end = this.col + s.length;
      this.text =
        this.col === this.text.length ? this.text + s : this.text.slice(0, this.col) + s + this.text.slice(end);
      this.fillStyles(style, this.col, end);
      this.col = end;
    }

    /** Erase in line (ESC[K): 0 from the cursor to the end, 1 from the start to the cursor, 2 all. */
    erase(param) {
      const mode = Number(param) || 0;
      if (mode === 1) {
        const upto = Math.min(this.col + 1, this.text.length);
        this.text = " ".repeat(upto) + this.text.slice(upto);
        this.fillStyles(PLAIN, 0, upto);
        return;
      }
      // Erased cells after the last character show as nothing, so they are dropped; those before
      // the cursor stay as blanks, so that what is written next lands in the right column.
      this.text = mode === 0 ? this.text.slice(0, this.col) : " ".repeat(this.col);
      if (this.styles) {
        this.styles.length = this.col;
        if (mode === 2) this.fillStyles(PLAIN, 0, this.col);
      }
    }

    /** Assigns (rather than Array.fill) so that the array grows with the text. */
    fillStyles(style, from, to) {
      if (!this.styles) return;
      for (let k = from; k < to; k++) this.styles[k] = style;
    }
  }

  /**
   * What a terminal would show for one raw line: {text, styles}, where styles is null when the
   * line is all plain, or holds the style of each UTF-16 unit of text.
   */
  function interpretLine(raw, withStyles) {
    if (!CONTROL.test(raw)) return { text: raw, styles: null };
    const screen = new LineScreen(withStyles);
    let style = PLAIN;
    let last = 0;
    TOKEN.lastIndex = 0;
    for (let m = TOKEN.exec(raw); m !== null; m = TOKEN.exec(raw)) {
      if (m.index > last) screen.write(raw.slice(last, m.index), style);
      last = TOKEN.lastIndex;
      if (m[2] === "m") {
        if (withStyles) style = applySgr(style, m[1]);
      } else if (m[2] === "K") {
        screen.erase(m[1]);
      } else if (m[0] === "\r") {
        screen.col = 0;
      } else if (m[0] === "\b") {
        screen.col = Math.max(0, screen.col - 1);
      }
    }
    if (last < raw.length) screen.write(raw.slice(last), style);
    return { text: screen.text, styles: screen.styles };
  }

  /** The text a line shows, without colours: what search looks in and lineText() returns. */
  function plainText(raw) {
    return CONTROL.test(raw) ? interpretLine(raw, false).text : raw;
  }

  /**
   * The directive a line starts with, read from the raw line as the server reads it. `cut` is
   * how much of the shown text the row hides (the ::error:: prefix and such). A "control" line
   * (::status, ::progress, ::endgroup::) is hidden unless the reader asks to see control lines.
   */
  function lineKind(raw) {
    if (raw.charCodeAt(0) !== 58 || raw.charCodeAt(1) !== 58) return null; // "::"
    if (raw.startsWith("::group::")) return { name: "group", cut: "::group::".length };
    if (raw.startsWith("::endgroup::")) return { name: "control", cut: 0 };
    if (raw.startsWith("::error::")) return { name: "error", cut: "::error::".length };
    if (raw.startsWith("::warning::")) return { name: "warning", cut: "::warning::".length };
    if (CONTROL_LINE.test(raw)) return { name: "control", cut: 0 };
    return null;
  }

  /** ::status and ::progress: lines that only tell Pushbutton something, hidden unless asked for. */
  const CONTROL_LINE = /^::(?:status|progress)[ \t]/;

  /** The lines the server lists as the run's notes (see Directive.java): one per note, in order. */
  const NOTE_LINE = /^::(?:error|warning)::.*$/;

  // ---------------------------------------------------------------------------------------------
  // The log itself.

  /** The number of items of a sorted array below a value (binary search). */
  function countBelow(sorted, value) {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid] < value) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Adds a value to a sorted array: at the end, almost always (lines finish in order). */
  function insertSorted(sorted, value) {
    if (!sorted.length || sorted[sorted.length - 1] < value) sorted.push(value);
    else if (sorted[countBelow(sorted, value)] !== value) sorted.splice(countBelow(sorted, value), 0, value);
  }

  const NO_LINES = Object.freeze([]);

  /**
   * The lines of the log, in order, as printed: the lines from `origin` to the end (the viewer
   * reads the end of a log first and the earlier lines after). Line numbers count from 0 over the
   * whole log, held or not. Lines from the raw log do not say which stream they came from: the
   * server's list of stderr stretches does (`stderrRanges`); lines from events do, and stderr ones
   * are remembered.
   */
  class LogModel {
    constructor() {
      this.texts = [];
      this.origin = 0;
      this.stderrLines = new Set();
      /** Lines stderr wrote, as the log's index says: [first, last] pairs, flat and sorted. */
      this.stderrRanges = NO_LINES;
      /** The unfinished line of each stream (an eol:false event), which the next event continues. */
      this.open = { stdout: -1, stderr: -1 };
      /** The raw log's unfinished last line: its stream is unknown, so either stream's next event continues it. */
      this.openUnknown = -1;
      this.lastSeq = 0;
      this.resetStructure();
    }

    resetStructure() {
      /** Sections: {header, end}, line numbers; `end` is the ::endgroup:: line, Infinity while open. */
      this.groups = [];
      this.groupByHeader = new Map();
      this.openGroup = null;
      /** The ::error::/::warning:: lines in order: the run's notes[i] was printed on noteLines[i]. */
      this.noteLines = [];
      /** The control lines (::status, ::progress, ::endgroup::), sorted. */
      this.controlLines = [];
    }

    /** One past the last line: the number of lines of the log as far as it is known. */
    lineCount() {
      return this.origin + this.texts.length;
    }

    /** Whether the viewer holds every line from the first. */
    complete() {
      return this.origin === 0;
    }

    has(i) {
      return i >= this.origin && i < this.lineCount();
    }

    text(i) {
      return this.texts[i - this.origin];
    }

    isStderr(i) {
      if (this.stderrLines.has(i)) return true;
      const ranges = this.stderrRanges;
      if (!ranges.length) return false;
      // The pair whose first line is the last one at or before i.
      let lo = 0;
      let hi = ranges.length >>> 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (ranges[2 * mid] <= i) lo = mid + 1;
        else hi = mid;
      }
      return lo > 0 && i <= ranges[2 * lo - 1];
    }

    addLine(text, stream) {
      const i = this.origin + this.texts.push(text) - 1;
      if (stream === "stderr") this.stderrLines.add(i);
      return i;
    }

    /** A whole line of the raw log. */
    addRawLine(text) {
      this.finish(this.addLine(text, null));
    }

    /** The raw log ended without a newline: that line is not finished yet. */
    addRawTail(text) {
      this.openUnknown = this.addLine(text, null);
    }

    /**
     * The lines before the first one held, all of them: they go first, and the sections, notes and
     * control lines are read again over the whole log (a look at two characters a line).
     */
    prepend(lines) {
      this.texts = lines.concat(this.texts);
      this.origin -= lines.length;
      this.resetStructure();
      const end = this.lineCount();
      const open = new Set([this.openUnknown, this.open.stdout, this.open.stderr]);
      for (let i = this.origin; i < end; i++) {
        if (!open.has(i)) this.finish(i);
      }
    }

    /**
     * Applies one output event. Returns the index of the line it changed, -1 if it changed none
     * (a repeat, or an empty piece), and sets `extended` when it grew an existing line.
     */
    applyOutput(event) {
      this.extended = false;
      if (event.seq <= this.lastSeq) return -1;
      this.lastSeq = event.seq;
      const stream = event.stream === "stderr" ? "stderr" : "stdout";
      let i = this.open[stream];
      if (i < 0 && this.openUnknown >= 0) {
        i = this.openUnknown;
        if (stream === "stderr") this.stderrLines.add(i);
      }
      this.openUnknown = -1;
      if (i >= 0) {
        this.texts[i - this.origin] += event.text;
        this.extended = true;
      } else if (event.text !== "" || event.eol) {
        i = this.addLine(event.text, stream);
      }
      this.open[stream] = event.eol ? -1 : i;
      if (event.eol && i >= 0) this.finish(i);
      return i;
    }

    /** A line is complete: read the directives that shape the log (sections, notes, control lines). */
    finish(i) {
      const text = this.text(i);
      if (text.charCodeAt(0) !== 58 || text.charCodeAt(1) !== 58) return;
      if (text.startsWith("::group::")) {
        // Sections do not nest: a new one ends the one before.
        this.closeGroup(i - 1);
        const group = { header: i, end: Infinity };
        this.groups.push(group);
        this.groupByHeader.set(i, group);
        this.openGroup = group;
      } else if (text.startsWith("::endgroup::")) {
        this.closeGroup(i);
        insertSorted(this.controlLines, i);
      } else if (NOTE_LINE.test(text)) {
        this.noteLines.push(i);
      } else if (CONTROL_LINE.test(text)) {
        insertSorted(this.controlLines, i);
      }
    }

    /** The section a line is inside (not counting its header), if any. */
    groupOf(line) {
      let lo = 0;
      let hi = this.groups.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (this.groups[mid].header < line) lo = mid + 1;
        else hi = mid;
      }
      const group = this.groups[lo - 1];
      return group && line <= group.end ? group : null;
    }

    closeGroup(end) {
      if (this.openGroup) this.openGroup.end = end;
      this.openGroup = null;
    }
  }

  /**
   * Which of the lines held are on the list: control lines are left out unless asked for, and a
   * collapsed section hides the lines after its header up to its ::endgroup::. Mapping a position
   * on the list to a line is a binary search over the control lines and a short walk over the
   * collapsed sections, with no per-line array, so a million lines cost nothing more.
   */
  class VisibleLines {
    constructor(model) {
      this.model = model;
      this.collapsed = []; // groups, sorted by header
      this.showControl = false;
    }

    /** The control lines left out: none when they are shown. */
    hidden() {
      return this.showControl ? NO_LINES : this.model.controlLines;
    }

    isHidden(line) {
      const hidden = this.hidden();
      const k = countBelow(hidden, line);
      return k < hidden.length && hidden[k] === line;
    }

    /** The place of a line among the lines not left out (of the next one, for a line left out). */
    shownIndex(line) {
      return line - this.model.origin - countBelow(this.hidden(), line);
    }

    /** The line at a place among the lines not left out: the first whose place is past all before. */
    shownLine(index) {
      const hidden = this.hidden();
      const base = this.model.origin + index;
      let lo = 0;
      let hi = hidden.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (hidden[mid] - mid <= base) lo = mid + 1;
        else hi = mid;
      }
      return base + lo;
    }

    /** The sections were read again (earlier lines arrived): keep the same ones collapsed. */
    refresh() {
      this.collapsed = this.collapsed.map((g) => this.model.groupByHeader.get(g.header)).filter(Boolean);
    }

    isCollapsed(group) {
      return this.collapsed.includes(group);
    }

    toggle(group) {
      if (this.isCollapsed(group)) this.expand(group);
      else this.collapsed = [...this.collapsed, group].sort((a, b) => a.header - b.header);
    }

    expand(group) {
      this.collapsed = this.collapsed.filter((g) => g !== group);
    }

    /** The hidden lines of a collapsed section: [first, last], last < first when none exist yet. */
    hiddenRange(group) {
      return [group.header + 1, Math.min(group.end, this.model.lineCount() - 1)];
    }

    /** The same, as places among the lines not left out. */
    hiddenPlaces(group) {
      const [first, last] = this.hiddenRange(group);
      return [this.shownIndex(first), this.shownIndex(last + 1) - 1];
    }

    count() {
      let n = this.model.texts.length - this.hidden().length;
      for (const g of this.collapsed) {
        const [first, last] = this.hiddenPlaces(g);
        n -= Math.max(0, last - first + 1);
      }
      return n;
    }

    /** The line at a position on the list. */
    lineAt(position) {
      let index = position;
      for (const g of this.collapsed) {
        const [first, last] = this.hiddenPlaces(g);
        if (first > index) break;
        index += Math.max(0, last - first + 1);
      }
      return this.shownLine(index);
    }

    /** The position of a line on the list, or -1 when it is left out or a collapsed section hides it. */
    positionOf(line) {
      if (this.isHidden(line)) return -1;
      const index = this.shownIndex(line);
      let position = index;
      for (const g of this.collapsed) {
        const [first, last] = this.hiddenPlaces(g);
        if (first > index) break;
        if (index <= last) return -1;
        position -= Math.max(0, last - first + 1);
      }
      return position;
    }

    /** The section that hides a line, if any. */
    hiderOf(line) {
      return this.collapsed.find((g) => {
        const [first, last] = this.hiddenRange(g);
        return line >= first && line <= last;
      });
    }

    /** The lines at positions [from, to). */
    linesBetween(from, to) {
      const lines = [];
      const end = this.model.lineCount();
      for (let position = from; position < to; position++) {
        const line = this.lineAt(position);
        if (line >= end) break;
        lines.push(line);
      }
      return lines;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Search.

  /**
   * A case-insensitive search for a literal text over the plain text of every line. Matching
   * lines and a running total of matches are kept in two arrays (8 bytes a matching line), so a
   * million matches cost little; a match's position in its line is found again when it is shown.
   * The scan runs in slices and goes on as lines arrive. Lines left off the list (control lines,
   * unless shown) are not searched. Earlier lines arriving start the scan again from the first.
   */
  class LogSearch {
    constructor(model, visible, onProgress) {
      this.model = model;
      this.visible = visible;
      this.onProgress = onProgress;
      this.query = "";
      this.test = null;
      this.running = false;
      /** Changes whenever the matches do, so that rows drawn before are drawn again. */
      this.generation = 0;
      this.reset();
    }

    reset() {
      this.matchLines = [];
      this.runningTotal = []; // runningTotal[j]: matches in matchLines[0..j]
      this.scanned = this.model.origin;
      this.current = -1; // the selected match, counted over the whole log
      this.firstScanDone = false;
      this.generation++;
    }

    setQuery(query) {
      if (query === this.query) return;
      this.query = query;
      this.reset();
      const escaped = query.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      this.test = query ? new RegExp(escaped, "i") : null;
      this.all = query ? new RegExp(escaped, "gi") : null;
      this.resume();
    }

    active() {
      return this.test !== null;
    }

    /** Lines arrived before those searched, or control lines came or went: search again. */
    restart() {
      if (!this.active()) return;
      this.reset();
      this.resume();
    }

    total() {
      return this.runningTotal.length ? this.runningTotal[this.runningTotal.length - 1] : 0;
    }

    /** Whether the matches may still grow: lines are left to scan, or earlier lines to come. */
    scanning() {
      return this.active() && (this.behind() || !this.model.complete());
    }

    behind() {
      return this.active() && this.scanned < this.model.lineCount();
    }

    /** Line i changed (an unfinished line grew): forget what was found from there on. */
    invalidateFrom(i) {
      if (!this.active() || i >= this.scanned) return;
      while (this.matchLines.length && this.matchLines[this.matchLines.length - 1] >= i) {
        this.matchLines.pop();
        this.runningTotal.pop();
      }
      this.scanned = i;
      this.current = Math.min(this.current, this.total() - 1);
      this.generation++;
    }

    /**
     * Scans the lines not scanned yet, a slice at a time, until it has caught up; called again
     * when lines arrive. A new query or a changed line simply moves `scanned` back.
     */
    resume() {
      if (this.running || !this.behind()) return;
      this.running = true;
      this.scanAll();
    }

    async scanAll() {
      while (this.behind()) {
        this.scanSlice();
        this.onProgress(false);
        if (this.behind()) await yieldToEventLoop();
      }
      this.running = false;
      if (this.active() && !this.firstScanDone && this.model.complete()) {
        this.firstScanDone = true;
        this.onProgress(true);
      }
    }

    scanSlice() {
      const texts = this.model.texts;
      const origin = this.model.origin;
      const end = this.model.lineCount();
      const skipControl = !this.visible.showControl;
      const deadline = performance.now() + SLICE_MS;
      const found = this.matchLines.length;
      let total = this.total();
      let i = this.scanned;
      while (i < end) {
        const raw = texts[i - origin];
        const text = plainText(raw);
        if (this.test.test(text) && !(skipControl && raw.charCodeAt(0) === 58 && this.visible.isHidden(i))) {
          total += this.positionsIn(text).length;
          this.matchLines.push(i);
          this.runningTotal.push(total);
        }
        i++;
        if ((i & 1023) === 0 && performance.now() > deadline) break;
      }
      if (this.matchLines.length !== found) this.generation++;
      this.scanned = i;
    }

    /** Where the query occurs in one line's plain text, as [start, end] pairs. */
    positionsIn(text) {
      const found = [];
      this.all.lastIndex = 0;
      for (let m = this.all.exec(text); m !== null; m = this.all.exec(text)) {
        found.push([m.index, m.index + m[0].length]);
      }
      return found;
    }

    /** The matches to highlight in a line (if it has any). */
    matchesIn(line) {
      return this.active() && this.indexOfLine(line) >= 0 ? this.positionsIn(plainText(this.model.text(line))) : [];
    }

    /** The index of a line in matchLines, or -1. */
    indexOfLine(line) {
      const j = this.firstMatchLineFrom(line);
      return this.matchLines[j] === line ? j : -1;
    }

    /** The index in matchLines of the first matching line at or after `line`. */
    firstMatchLineFrom(line) {
      let lo = 0;
      let hi = this.matchLines.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (this.matchLines[mid] < line) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    }

    /** The selected match as {line, occurrence}, or null. */
    selected() {
      if (this.current < 0 || this.current >= this.total()) return null;
      let lo = 0;
      let hi = this.runningTotal.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (this.runningTotal[mid] > this.current) hi = mid;
        else lo = mid + 1;
      }
      const before = lo ? this.runningTotal[lo - 1] : 0;
      return { line: this.matchLines[lo], occurrence: this.current - before };
    }

    /** Selects the first match at or after a line (wrapping round to the first of all). */
    selectFrom(line) {
      const j = this.firstMatchLineFrom(line);
      this.current = j < this.matchLines.length && j > 0 ? this.runningTotal[j - 1] : 0;
    }

    /** Moves the selection by one match, forwards or back, wrapping round. */
    step(direction) {
      const total = this.total();
      if (!total) return false;
      this.current = this.current < 0 ? (direction > 0 ? 0 : total - 1) : (this.current + direction + total) % total;
      return true;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Drawing.

  /** Creates an element with attributes (never style) and children (strings become text nodes). */
  function element(tag, attributes = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
    node.append(...children);
    return node;
  }

  /** The classes for a style, and its 256-colour/true colours set through the CSSOM. */
  function styledNode(text, style) {
    if (style === PLAIN) return document.createTextNode(text);
    const classes = [];
    if (typeof style.fg === "number") classes.push(`lv-fg-${style.fg}`);
    if (typeof style.bg === "number") classes.push(`lv-bg-${style.bg}`);
    if (style.bold) classes.push("lv-bold");
    if (style.dim) classes.push("lv-dim");
    if (style.italic) classes.push("lv-italic");
    if (style.underline) classes.push("lv-underline");
    if (!classes.length && style.fg === null && style.bg === null) return document.createTextNode(text);
    const span = document.createElement("span");
    span.className = classes.join(" ");
    if (typeof style.fg === "string") span.style.color = style.fg;
    if (typeof style.bg === "string") span.style.backgroundColor = style.bg;
    span.textContent = text;
    return span;
  }

  /**
   * Appends text[from, to) to parent, one node per run of equal style, with search matches
   * (sorted [start, end] pairs, `current` the selected one's index) wrapped in <mark>.
   */
  function appendStyledText(parent, text, styles, from, to, matches, current) {
    let m = 0;
    let pos = from;
    while (pos < to) {
      const style = styles ? styles[pos] : PLAIN;
      let runEnd = styles ? pos + 1 : to;
      while (runEnd < to && styles[runEnd] === style) runEnd++;
      while (pos < runEnd) {
        while (m < matches.length && matches[m][1] <= pos) m++;
        const match = matches[m];
        if (match && match[0] <= pos) {
          const end = Math.min(runEnd, match[1]);
          const mark = element("mark", { class: m === current ? "lv-match lv-match-current" : "lv-match" });
          mark.append(styledNode(text.slice(pos, end), style));
          parent.append(mark);
          pos = end;
        } else {
          const end = match ? Math.min(runEnd, match[0]) : runEnd;
          parent.append(styledNode(text.slice(pos, end), style));
          pos = end;
        }
      }
    }
  }

  /**
   * The scrolling list. Only the rows on screen (and a few either side) exist: a spacer gives the
   * scroller its full height, and the rows are placed over the part in view. When the full height
   * would pass the browser's limit, the spacer is capped and the scroll position is scaled to it.
   */
  class LogView {
    constructor(root, model, visible, search, hooks) {
      this.model = model;
      this.visible = visible;
      this.search = search;
      this.hooks = hooks;
      this.following = true;
      this.target = -1; // the line named by #L<n>, highlighted
      this.focusLine = -1; // the line whose number has (or last had) the keyboard focus
      this.offset = 0; // where the view starts, in full-height pixels
      this.spacerHeight = -1;
      this.drawn = null; // the geometry of the last drawing
      this.rowCache = new Map();
      this.frame = 0;

      this.spacer = element("div", { class: "lv-spacer" });
      this.rows = element("div", { class: "lv-rows" });
      this.scroller = element(
        "div",
        { class: "lv-scroller", role: "log", "aria-live": "off", "aria-label": "Log output", tabindex: "0" },
        this.spacer,
        this.rows,
      );
      this.empty = element("p", { class: "lv-empty", hidden: "" }, "No output yet.");
      this.jump = element("button", { type: "button", class: "lv-jump", hidden: "" }, "Jump to bottom");
      // The dock sticks to the bottom of the screen while the log goes on below it, so the button
      // stays in sight however tall the log is and wherever the page is scrolled.
      const dock = element("div", { class: "lv-jump-dock" }, this.jump);
      root.append(element("div", { class: "lv-frame" }, this.scroller, this.empty, dock));
      this.rowHeight = this.measureRowHeight();

      this.scroller.addEventListener("scroll", () => this.onScroll(), { passive: true });
      this.scroller.addEventListener("keydown", (e) => this.onKey(e));
      this.rows.addEventListener("click", (e) => this.onClick(e));
      this.rows.addEventListener("keydown", (e) => this.onRowKey(e));
      this.rows.addEventListener("focusin", (e) => {
        const row = e.target.closest(".lv-row");
        if (row) this.focusLine = row.lvLine;
      });
      this.jump.addEventListener("click", () => this.follow());
      new ResizeObserver(() => this.schedule()).observe(this.scroller);
    }

    /** Rows have a fixed height set by the style sheet; measured once from a sample row. */
    measureRowHeight() {
      const probe = element("div", { class: "lv-row" }, "0");
      this.rows.append(probe);
      const height = probe.getBoundingClientRect().height || 20;
      probe.remove();
      return height;
    }

    /** Draws at the next frame; any number of changes before it cost one drawing. */
    schedule() {
      if (!this.frame) this.frame = requestAnimationFrame(() => this.render());
    }

    /** The full-height geometry: {content, spacer, view} heights. */
    geometry() {
      const content = this.visible.count() * this.rowHeight;
      return { content, spacer: Math.min(content, MAX_SCROLL_HEIGHT), view: this.scroller.clientHeight };
    }

    /** Full-height offset for a scrollTop, and back: proportional once the spacer is capped. */
    toOffset(top, g) {
      const range = g.spacer - g.view;
      return g.content > g.spacer && range > 0 ? (top * (g.content - g.view)) / range : top;
    }

    toScrollTop(offset, g) {
      const range = g.content - g.view;
      return g.content > g.spacer && range > 0 ? (offset * (g.spacer - g.view)) / range : offset;
    }

    isAtBottom() {
      const s = this.scroller;
      return s.scrollHeight - s.clientHeight - s.scrollTop <= 2;
    }

    onScroll() {
      // The user moving away from the bottom stops following; coming back to it resumes.
      this.following = this.isAtBottom();
      // The scrollbar still has the scale of the last drawing, even if lines arrived since.
      if (this.drawn) this.offset = this.toOffset(this.scroller.scrollTop, this.drawn);
      this.schedule();
    }

    onKey(event) {
      if (event.target !== this.scroller || event.altKey || event.ctrlKey || event.metaKey) return;
      if (event.key === "End") {
        event.preventDefault();
        this.follow();
      } else if (event.key === "Home") {
        event.preventDefault();
        this.hooks.top();
      }
    }

    /**
     * The line numbers are links (#L42) that the keyboard reaches: Tab lands on one line's number
     * (the one focused last, or the first on screen), and the arrow keys, Page Up/Down, Home and End
     * move along the lines; Enter follows the link, as a click does.
     */
    onRowKey(event) {
      if (!event.target.classList.contains("lv-num") || event.altKey || event.ctrlKey || event.metaKey) return;
      const position = this.visible.positionOf(this.focusLine);
      if (position < 0) return;
      const page = Math.max(1, Math.floor(this.scroller.clientHeight / this.rowHeight) - 1);
      const moves = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page };
      let to;
      if (event.key in moves) to = position + moves[event.key];
      else if (event.key === "Home") to = 0;
      else if (event.key === "End") to = this.visible.count() - 1;
      else return;
      event.preventDefault();
      if (event.key === "Home" && !this.model.complete()) this.hooks.top();
      this.focusPosition(Math.max(0, Math.min(to, this.visible.count() - 1)));
    }

    /** Moves the keyboard focus to the line number at a position, scrolling just enough. */
    focusPosition(position) {
      this.focusLine = this.visible.lineAt(position);
      const top = position * this.rowHeight;
      const view = this.scroller.clientHeight;
      if (top < this.offset) this.scrollToOffset(top);
      else if (top + this.rowHeight > this.offset + view) this.scrollToOffset(top + this.rowHeight - view);
      else this.render();
      const row = this.rowCache.get(this.focusLine);
      if (row) row.firstChild.focus({ preventScroll: true });
    }

    onClick(event) {
      const toggle = event.target.closest(".lv-toggle");
      if (!toggle) return;
      const group = this.model.groupByHeader.get(Number(toggle.closest(".lv-row").dataset.line));
      if (group) {
        this.visible.toggle(group);
        this.render();
      }
    }

    follow() {
      this.following = true;
      this.render();
    }

    scrollToOffset(offset) {
      this.following = false;
      const g = this.geometry();
      this.offset = Math.max(0, Math.min(offset, g.content - g.view));
      this.scroller.scrollTop = this.toScrollTop(this.offset, g);
      this.render();
    }

    /**
     * Runs a change to the list (lines put in front, lines left out or shown again) keeping the
     * line at the top of the screen where it is; a view following the end goes on following it.
     */
    keepInView(change) {
      if (this.following || !this.drawn) {
        change();
        this.render();
        return;
      }
      const h = this.rowHeight;
      const anchor = this.visible.lineAt(Math.floor(this.offset / h));
      const within = this.offset - Math.floor(this.offset / h) * h;
      change();
      const position = this.visible.positionOf(anchor);
      if (position >= 0) {
        const g = this.geometry();
        this.sizeSpacer(g);
        this.offset = Math.max(0, Math.min(position * h + within, g.content - g.view));
        this.scroller.scrollTop = this.toScrollTop(this.offset, g);
        this.drawn = g; // the scroll position is in the new scale already
      }
      this.render();
    }

    /** Brings a line into view (opening its section): centred, unless it is on screen already. */
    scrollToLine(line, always) {
      const hider = this.visible.hiderOf(line);
      if (hider) this.visible.expand(hider);
      const g = this.geometry();
      const top = this.visible.positionOf(line) * this.rowHeight;
      const onScreen = top >= this.offset && top + this.rowHeight <= this.offset + g.view;
      if (always || !onScreen) this.scrollToOffset(top - (g.view - this.rowHeight) / 2);
      else this.render();
    }

    sizeSpacer(g) {
      if (g.spacer !== this.spacerHeight) {
        this.spacerHeight = g.spacer;
        this.spacer.style.height = `${g.spacer}px`;
      }
    }

    render() {
      cancelAnimationFrame(this.frame);
      this.frame = 0;
      const g = this.geometry();
      this.sizeSpacer(g);
      if (this.following) {
        this.scroller.scrollTop = g.spacer;
        this.offset = Math.max(0, g.content - g.view);
      } else if (this.drawn && g.content !== this.drawn.content && g.content > g.spacer) {
        // Growth changed the scale: keep the same lines in view rather than the same scrollTop.
        this.scroller.scrollTop = this.toScrollTop(this.offset, g);
      } else {
        this.offset = this.toOffset(this.scroller.scrollTop, g);
      }
      this.drawn = g;
      this.jump.hidden = this.following || this.isAtBottom();
      this.empty.hidden = !this.hooks.loaded() || this.model.lineCount() > 0;
      this.drawRows(g);
      this.hooks.afterRender();
    }

    drawRows(g) {
      const h = this.rowHeight;
      const count = this.visible.count();
      const first = Math.max(0, Math.floor(this.offset / h) - OVERSCAN);
      const last = Math.min(count, Math.ceil((this.offset + g.view) / h) + OVERSCAN);
      const top = this.scroller.scrollTop - this.offset + first * h;
      this.rows.style.transform = `translateY(${top}px)`;
      const digits = String(this.model.lineCount()).length;
      if (digits !== this.digits) {
        this.digits = digits;
        this.scroller.style.setProperty("--lv-digits", String(digits));
      }

      const selected = this.search.selected();
      const next = new Map();
      const list = [];
      const active = document.activeElement;
      const hadFocus = active !== null && active.classList.contains("lv-num") && this.rows.contains(active);
      for (const line of this.visible.linesBetween(first, last)) {
        const occurrence = selected && selected.line === line ? selected.occurrence : -1;
        const key = `${this.search.generation}:${occurrence}:${line === this.target}:${this.model.isStderr(line)}`;
        let row = this.rowCache.get(line);
        if (!row || row.lvText !== this.model.text(line) || row.lvKey !== key) row = this.buildRow(line, occurrence);
        row.lvKey = key;
        this.syncToggle(row, line);
        next.set(line, row);
        list.push(row);
      }
      this.rowCache = next;
      this.placeRows(list, next);
      this.syncTabStop(first, last, g);
      if (hadFocus && !this.rows.contains(active)) {
        // The focused row was drawn anew (its text grew, say): the focus goes to its new number.
        const row = next.get(this.focusLine);
        if (row) row.firstChild.focus({ preventScroll: true });
      }
    }

    /**
     * Exactly one line number is in the Tab order: the focused line's when it is on screen, else
     * the first line on screen, so that Tab goes from the toolbar into the lines and on out.
     */
    syncTabStop(first, last, g) {
      const top = Math.floor(this.offset / this.rowHeight);
      const bottom = Math.ceil((this.offset + g.view) / this.rowHeight) - 1;
      const focusAt = this.visible.positionOf(this.focusLine);
      const stop = focusAt >= top && focusAt <= bottom ? this.focusLine : this.visible.lineAt(Math.max(top, first));
      for (const [line, row] of this.rowCache) {
        const index = line === stop ? "0" : "-1";
        if (row.firstChild.getAttribute("tabindex") !== index) row.firstChild.setAttribute("tabindex", index);
      }
    }

    /**
     * Puts the rows in the container with the fewest moves: rows that stay are never detached,
     * so a focused section toggle keeps its focus.
     */
    placeRows(list, wanted) {
      for (const row of [...this.rows.children]) {
        if (wanted.get(row.lvLine) !== row) row.remove();
      }
      list.forEach((row, k) => {
        const at = this.rows.children[k];
        if (at !== row) this.rows.insertBefore(row, at || null);
      });
    }

    /** A section header's toggle shows its state; updated in place so that it keeps focus. */
    syncToggle(row, line) {
      const toggle = row.lvToggle;
      const group = this.model.groupByHeader.get(line);
      if (!toggle || !group) return;
      const expanded = String(!this.visible.isCollapsed(group));
      if (toggle.getAttribute("aria-expanded") !== expanded) toggle.setAttribute("aria-expanded", expanded);
    }

    buildRow(line, occurrence) {
      const raw = this.model.text(line);
      const kind = lineKind(raw);
      const row = element("div", { class: "lv-row", "data-line": String(line) });
      row.lvText = raw;
      row.lvLine = line;
      if (kind) row.classList.add(`lv-${kind.name}`);
      const stderr = this.model.isStderr(line);
      if (stderr) {
        row.classList.add("lv-stderr");
        row.title = "Printed on stderr"; // besides the colour and the bar beside its number
      }
      if (this.model.groupOf(line)) row.classList.add("lv-in-group");
      if (line === this.target) row.classList.add("lv-target");

      const number = String(line + 1);
      row.append(element("a", { class: "lv-num", href: `#L${number}`, tabindex: "-1" }, number));

      const { text, styles } = interpretLine(raw, true);
      const cut = kind && text.startsWith(raw.slice(0, kind.cut)) ? kind.cut : 0;
      const shownEnd = Math.min(text.length, cut + MAX_SHOWN_CHARS);
      const matches = this.search.matchesIn(line).map(([s, e]) => [Math.max(s, cut), Math.min(e, shownEnd)]);
      const body = element("span", { class: "lv-text" });
      // Errors and warnings say so in words, not by colour alone.
      if (kind && kind.name === "error") body.append(element("span", { class: "lv-label" }, "Error:"));
      if (kind && kind.name === "warning") body.append(element("span", { class: "lv-label" }, "Warning:"));
      let target = body;
      if (kind && kind.name === "group" && this.model.groupByHeader.has(line)) {
        target = element("button", { type: "button", class: "lv-toggle", "aria-expanded": "true" });
        row.lvToggle = target;
        body.append(target);
      }
      appendStyledText(target, text, styles, cut, shownEnd, matches, occurrence);
      if (shownEnd < text.length) {
        const more = (text.length - shownEnd).toLocaleString();
        body.append(element("span", { class: "lv-cut" }, ` … ${more} more characters (download the raw log)`));
      }
      row.append(body);
      return row;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The page around the log.

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

  /**
   * Splits text into lines, added to `lines`; returns the unfinished rest. A line may end with
   * \r\n. The browser's own split does the cutting: several times faster than a loop of indexOf.
   */
  function splitLines(pending, text, lines) {
    const parts = text.split("\n");
    parts[0] = pending + parts[0];
    const rest = parts.pop();
    const crlf = text.includes("\r");
    for (const part of parts) lines.push(crlf && part.charCodeAt(part.length - 1) === 13 ? part.slice(0, -1) : part);
    return rest;
  }

  /** Reads a response's body as lines, yielding to the browser between slices. */
  async function readLines(response, onProgress) {
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    const lines = [];
    let pending = "";
    let sliceStart = performance.now();
    let shownAt = sliceStart;
    for (;;) {
      const { done, value } = await reader.read();
      pending = splitLines(pending, done ? decoder.decode() : decoder.decode(value, { stream: true }), lines);
      if (done) break;
      const now = performance.now();
      if (now - shownAt > LOADING_REDRAW_MS) {
        shownAt = now;
        onProgress(lines);
      }
      if (now - sliceStart > SLICE_MS) {
        await yieldToEventLoop();
        sliceStart = performance.now();
      }
    }
    return { lines, rest: pending };
  }

  class LogViewer {
    constructor(root) {
      this.root = root;
      this.base = `/api/runs/${encodeURIComponent(root.dataset.runId)}`;
      this.model = new LogModel();
      this.visible = new VisibleLines(this.model);
      this.run = null;
      this.source = null;
      this.loaded = false;
      this.reconnectDelay = 1000;

      /** Bytes [0, earlierEnd) of the raw log hold the lines before the first one held. */
      this.earlierEnd = 0;
      this.earlier = null; // the loading of those lines, once started
      this.wantTop = false;

      root.classList.add("lv");
      this.search = new LogSearch(this.model, this.visible, (finished) => this.onSearchProgress(finished));
      root.append(this.buildToolbar());
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

    buildToolbar() {
      this.searchBox = element("input", {
        type: "search",
        id: "log-search",
        placeholder: "Search the log",
        autocomplete: "off",
        spellcheck: "false",
      });
      this.count = element("span", { class: "lv-count", role: "status" });
      const previous = element(
        "button",
        { type: "button", class: "lv-button", "aria-label": "Previous match", title: "Previous match (Shift+Enter)" },
        "↑",
      );
      const next = element(
        "button",
        { type: "button", class: "lv-button", "aria-label": "Next match", title: "Next match (Enter)" },
        "↓",
      );
      this.info = element("span", { class: "lv-info", role: "status" }, "Loading…");
      const download = element(
        "a",
        { class: "lv-button lv-download", href: `${this.base}/log?download=1`, download: "" },
        "Download raw log",
      );
      const top = element(
        "button",
        { type: "button", class: "lv-button", title: "Go to the first line (Home)" },
        "Top",
      );
      top.addEventListener("click", () => this.goTop());
      // Lines such as "::status Copying" tell Pushbutton about the run (the page shows them above):
      // in the log they are noise to most readers, so they are left out unless asked for.
      this.controlBox = element("input", { type: "checkbox", id: "log-show-control" });
      const control = element(
        "label",
        {
          class: "lv-check",
          for: "log-show-control",
          title: "Lines the job prints to report its status and progress (::status, ::progress, ::endgroup::)",
        },
        this.controlBox,
        " Show control lines",
      );
      this.controlBox.addEventListener("change", () => this.showControlLines(this.controlBox.checked));

      let timer = 0;
      this.searchBox.addEventListener("input", () => {
        clearTimeout(timer);
        timer = setTimeout(() => this.runSearch(), SEARCH_DELAY_MS);
      });
      this.searchBox.addEventListener("keydown", (e) => {
        if (e.key !== "Enter") return;
        e.preventDefault();
        clearTimeout(timer);
        this.runSearch();
        this.stepMatch(e.shiftKey ? -1 : 1);
      });
      previous.addEventListener("click", () => this.stepMatch(-1));
      next.addEventListener("click", () => this.stepMatch(1));

      return element(
        "div",
        { class: "lv-toolbar" },
        element(
          "div",
          { class: "lv-search", role: "search" },
          element("label", { for: "log-search", class: "lv-sr-only" }, "Search the log"),
          this.searchBox,
          previous,
          next,
          this.count,
        ),
        this.info,
        top,
        control,
        download,
      );
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
      this.search.setQuery(this.searchBox.value);
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
      if (this.count.textContent !== text) this.count.textContent = text;
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
        this.controlBox.checked = true;
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
      if (!endedBeforeLoad || lastSeq === null) this.openEvents(lastSeq);
      if (lastSeq !== null) {
        // After the end is on screen: what comes next must not hold up its first drawing.
        await new Promise((resolve) => requestAnimationFrame(resolve));
        this.loadStreams();
        if (!this.model.complete()) this.loadEarlier();
      }
    }

    /** The run as it stands: null when it could not be read, undefined when there is no such run. */
    async fetchRun() {
      try {
        const response = await fetch(this.base, { headers: { Accept: "application/json" }, cache: "no-store" });
        if (response.status === 401) {
          // Signed out meanwhile (the session ended): the reload goes by the sign-in page and back.
          window.location.reload();
          return null;
        }
        if (response.status === 404) return undefined;
        if (!response.ok) return null;
        const run = await response.json();
        this.applyState(run);
        return run;
      } catch {
        return null;
      }
    }

    /**
     * Loads the end of the raw log (its last TAIL_BYTES, from the first line that starts in them).
     * The server says which line that range starts on, so the lines are numbered right from the
     * start; the lines before it are loaded next, behind the scenes. Returns the last event the
     * log includes, or null when the server did not say (then every line comes from the event
     * stream instead).
     */
    async loadTail() {
      const response = await fetch(`${this.base}/log`, {
        cache: "no-store",
        headers: { Range: `bytes=-${TAIL_BYTES}` },
      });
      if (response.status === 416) return this.loadWhole(await fetch(`${this.base}/log`, { cache: "no-store" }));
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const lastSeq = this.lastSeqOf(response);
      const range = /^bytes (\d+)-\d+\/(\d+)$/.exec(response.headers.get("Content-Range") || "");
      const firstLine = Number(response.headers.get("X-Pushbutton-First-Line"));
      if (lastSeq === null || response.status !== 206 || !range || !(firstLine >= 1)) {
        return this.loadWhole(response); // a server or proxy that sends the whole log anyway
      }
      const bytes = new Uint8Array(await response.arrayBuffer());
      const start = Number(range[1]);
      this.logSize = Number(range[2]);
      // The range starts inside a line (or at its start: the server cannot tell which without the
      // byte before): drop the bytes up to the first newline, and load them with the earlier lines.
      let cut = 0;
      if (start > 0) {
        cut = bytes.indexOf(10) + 1;
        if (cut === 0) return this.loadWhole(await fetch(`${this.base}/log`, { cache: "no-store" }));
        this.model.origin = firstLine; // the first line kept is the next one: number firstLine + 1
        this.earlierEnd = start + cut;
      }
      const lines = [];
      const rest = splitLines("", new TextDecoder().decode(bytes.subarray(cut)), lines);
      return this.showLoaded(lines, rest, lastSeq);
    }

    /** The lines just read are the log so far, up to event lastSeq: show them. */
    showLoaded(lines, rest, lastSeq) {
      for (const line of lines) this.model.addRawLine(line);
      if (rest) this.model.addRawTail(rest);
      this.model.lastSeq = lastSeq;
      this.setInfo("");
      this.changed();
      return lastSeq;
    }

    /** The X-Pushbutton-Last-Seq header: the last event the body holds. */
    lastSeqOf(response) {
      const header = response.headers.get("X-Pushbutton-Last-Seq");
      return header !== null && /^\d+$/.test(header) ? Number(header) : null;
    }

    /** Reads a whole log, streamed into lines as it arrives. */
    async loadWhole(response) {
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const lastSeq = this.lastSeqOf(response);
      if (lastSeq === null) {
        await response.body.cancel();
        this.setInfo("");
        return null;
      }
      const { lines, rest } = await readLines(response, (sofar) =>
        this.setInfo(`Loading… ${sofar.length.toLocaleString()} lines`),
      );
      return this.showLoaded(lines, rest, lastSeq);
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
          const response = await fetch(`${this.base}/log`, {
            cache: "no-store",
            headers: { Range: `bytes=0-${this.earlierEnd - 1}` },
          });
          if (response.status !== 206) throw new Error(`HTTP ${response.status}`);
          const { lines } = await readLines(response, (sofar) =>
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
     * depend on having watched the run live.
     */
    async loadStreams() {
      try {
        const to = this.logSize === undefined ? "" : `?to=${this.logSize}`;
        const response = await fetch(`${this.base}/log/streams${to}`, {
          cache: "no-store",
          headers: { Accept: "application/json" },
        });
        if (!response.ok) return;
        const { stderr } = await response.json();
        const ranges = new Array(stderr.length * 2);
        stderr.forEach(([, , firstLine, lastLine], k) => {
          ranges[2 * k] = firstLine - 1;
          ranges[2 * k + 1] = lastLine - 1;
        });
        this.model.stderrRanges = ranges;
        this.view.schedule();
      } catch {
        // Only the marks are missing; the log itself is shown.
      }
    }

    openEvents(after) {
      const url = after === null ? `${this.base}/events` : `${this.base}/events?after=${after}`;
      const source = new EventSource(url);
      this.source = source;
      source.addEventListener("output", (e) => this.onOutput(JSON.parse(e.data)));
      source.addEventListener("lines", (e) => this.onLines(JSON.parse(e.data)));
      source.addEventListener("state", (e) => this.applyState(JSON.parse(e.data)));
      // The job printed ::status, ::progress or a note: the headline moves while the state stays.
      source.addEventListener("report", (e) => {
        if (this.run) this.applyState({ ...this.run, ...JSON.parse(e.data) });
      });
      source.addEventListener("open", () => {
        this.reconnectDelay = 1000;
        this.setInfo("");
      });
      source.addEventListener("error", () => this.onEventsError(source));
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

    /**
     * The browser reconnects by itself (resuming after the last event it saw); when it gives up
     * (the server answered with an error), try again later from the last line applied.
     */
    onEventsError(source) {
      if (source !== this.source || this.isFinal()) return;
      this.setInfo("Connection lost; reconnecting…");
      if (source.readyState !== EventSource.CLOSED) return;
      const delay = this.reconnectDelay;
      this.reconnectDelay = Math.min(delay * 2, MAX_RECONNECT_DELAY_MS);
      setTimeout(async () => {
        if (source !== this.source || this.isFinal()) return;
        await this.fetchRun(); // says why the stream was refused: signed out, say
        if (source === this.source && !this.isFinal()) this.openEvents(this.model.lastSeq);
      }, delay);
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
      if (this.isFinal() && this.source) {
        this.source.close();
        this.setInfo("");
      }
    }

    setInfo(text) {
      if (this.info.textContent !== text) this.info.textContent = text;
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
          return viewer.source;
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

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mount);
  else mount();
})();
