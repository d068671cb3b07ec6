// The log on screen: a scrolling list in which only the rows in view (and a few either side)
// exist, over a spacer that gives the scroller the list's full height, so a million lines scroll
// as smoothly as ten; and each of those rows: the line's number (a #L42 link), its text with the
// terminal's colours (classes; 256-colour and true colours through the CSSOM, which the
// Content-Security-Policy allows), the search's matches and the marks the page needs, built with
// text nodes only. The list follows the end while the reader is at the bottom, keeps the lines in
// view where they are when lines are put in front or left out, and lets the keyboard walk the line
// numbers. It draws what a LogModel holds through VisibleLines and a LogSearch, and asks the page
// only through `hooks` (whether the log is loaded, what to do after drawing, how to go to the top),
// so another page can show a log with it too. element() is how the viewer makes every element of
// its own, here and in the toolbar and the page.

import { interpretLine, PLAIN } from "./ansi.js";
import { lineKind } from "./model.js";

/** Creates an element with attributes (never style) and children (strings become text nodes). */
export function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

/** Browsers cannot scroll elements taller than this (Chromium ~33.5M px, Firefox ~17.9M px). */
const MAX_SCROLL_HEIGHT = 15_000_000;
/** Rows drawn above and below the screen, so a fast scroll shows text before the next frame. */
const OVERSCAN = 15;

/** Longer lines are cut on screen (the search and the raw download still have all of it). */
const MAX_SHOWN_CHARS = 20_000;

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
 * The row of one line: its number as a link (#L42), a label for errors and warnings, the text as a
 * terminal shows it, cut at MAX_SHOWN_CHARS, with the search's matches marked (`occurrence`: the
 * selected one among them, -1 when none is), a toggle when it heads a section, and marks for
 * stderr and for the line the address names (`target`).
 */
function buildRow(model, search, line, occurrence, target) {
  const raw = model.text(line);
  const kind = lineKind(raw);
  const row = element("div", { class: "lv-row", "data-line": String(line) });
  row.lvText = raw;
  row.lvLine = line;
  if (kind) row.classList.add(`lv-${kind.name}`);
  const stderr = model.isStderr(line);
  if (stderr) {
    row.classList.add("lv-stderr");
    row.title = "Printed on stderr"; // besides the colour and the bar beside its number
  }
  if (model.groupOf(line)) row.classList.add("lv-in-group");
  if (line === target) row.classList.add("lv-target");

  const number = String(line + 1);
  row.append(element("a", { class: "lv-num", href: `#L${number}`, tabindex: "-1" }, number));

  const { text, styles } = interpretLine(raw, true);
  const cut = kind && text.startsWith(raw.slice(0, kind.cut)) ? kind.cut : 0;
  const shownEnd = Math.min(text.length, cut + MAX_SHOWN_CHARS);
  const matches = search.matchesIn(line).map(([s, e]) => [Math.max(s, cut), Math.min(e, shownEnd)]);
  const body = element("span", { class: "lv-text" });
  // Errors and warnings say so in words, not by colour alone.
  if (kind && kind.name === "error") body.append(element("span", { class: "lv-label" }, "Error:"));
  if (kind && kind.name === "warning") body.append(element("span", { class: "lv-label" }, "Warning:"));
  let into = body;
  if (kind && kind.name === "group" && model.groupByHeader.has(line)) {
    into = element("button", { type: "button", class: "lv-toggle", "aria-expanded": "true" });
    row.lvToggle = into;
    body.append(into);
  }
  appendStyledText(into, text, styles, cut, shownEnd, matches, occurrence);
  if (shownEnd < text.length) {
    const more = (text.length - shownEnd).toLocaleString();
    body.append(element("span", { class: "lv-cut" }, ` … ${more} more characters (download the raw log)`));
  }
  row.append(body);
  return row;
}

/**
 * The scrolling list. Only the rows on screen (and a few either side) exist: a spacer gives the
 * scroller its full height, and the rows are placed over the part in view. When the full height
 * would pass the browser's limit, the spacer is capped and the scroll position is scaled to it.
 */
export class LogView {
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
      if (!row || row.lvText !== this.model.text(line) || row.lvKey !== key) row = buildRow(this.model, this.search, line, occurrence, this.target);
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
}
