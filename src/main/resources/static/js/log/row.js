// Drawing one line of the log as a row: its number, its text with the terminal's colours (as
// classes; 256-colour and true colours through the CSSOM, which the Content-Security-Policy
// allows), the search's matches and the marks the page needs. Built with text nodes only.

import { interpretLine, PLAIN } from "./ansi.js";
import { element } from "./dom.js";
import { lineKind } from "./model.js";

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
export function buildRow(model, search, line, occurrence, target) {
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
