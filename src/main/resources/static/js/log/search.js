// Search over every line the viewer holds, in the browser: a case-insensitive literal text,
// matched against what each line shows (colour codes dropped, \r applied), never the DOM. It scans
// in time slices, so the page stays responsive over a million lines, and goes on as lines arrive.
// A server search would answer sooner for a huge log, but the viewer must hold a match's line to
// show it, so it would only move the wait.

import { plainText } from "./ansi.js";
import { SLICE_MS, yieldToEventLoop } from "./slices.js";

/**
 * A case-insensitive search for a literal text over the plain text of every line. Matching
 * lines and a running total of matches are kept in two arrays (8 bytes a matching line), so a
 * million matches cost little; a match's position in its line is found again when it is shown.
 * The scan runs in slices and goes on as lines arrive. Lines left off the list (control lines,
 * unless shown) are not searched. Earlier lines arriving start the scan again from the first.
 */
export class LogSearch {
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
