// The log as the browser holds it: every line as the job printed it (colour codes and \r
// included) in one flat array, and the little structure the page needs, read from the directives
// as lines finish: which lines stderr wrote, the ::group:: sections, the ::error::/::warning::
// lines (the run's notes) and the control lines (::status and such). It may hold only the end of
// the log (`origin` is the number of the first line held) and take the earlier lines in front
// later, so every line keeps its own number throughout. VisibleLines says which of those lines are
// on the list (control lines are left out unless asked for, a collapsed section hides its lines)
// and maps a position on the list to a line and back, with no per-line array, which is what a
// virtual list needs to draw only the rows on screen. Neither knows the DOM or where the lines come
// from: the run page feeds the model from the raw log and the event stream, and any page that shows
// a log can feed it the same way.

/**
 * The directive a line starts with, read from the raw line as the server reads it. `cut` is
 * how much of the shown text the row hides (the ::error:: prefix and such). A "control" line
 * (::status, ::progress, ::endgroup::) is hidden unless the reader asks to see control lines.
 */
export function lineKind(raw) {
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

/** An empty list of lines, shared. */
const NO_LINES = Object.freeze([]);

/**
 * The lines of the log, in order, as printed: the lines from `origin` to the end (the viewer
 * reads the end of a log first and the earlier lines after). Line numbers count from 0 over the
 * whole log, held or not. Lines from the raw log do not say which stream they came from: the
 * server's list of stderr stretches does (`stderrRanges`); lines from events do, and stderr ones
 * are remembered.
 */
export class LogModel {
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
export class VisibleLines {
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
