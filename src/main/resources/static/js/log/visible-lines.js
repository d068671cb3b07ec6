// Which of the log's lines are on the list, and where: control lines (::status, ::progress,
// ::endgroup::) are left out unless the reader asks for them, and a collapsed section hides the
// lines after its header. It maps a position on the list to a line and back, which is what a
// virtual list needs to draw only the rows on screen, with no per-line array.

import { countBelow, NO_LINES } from "./model.js";

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
