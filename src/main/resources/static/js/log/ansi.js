// What a terminal would show for one line of a job's output: ANSI colours and styles (SGR), erase
// in line, carriage returns and backspaces, applied to the raw line as the job printed it. Pure
// functions over strings, no DOM: the rows on screen use interpretLine() with styles, search and
// lineText() use plainText(). The log keeps the raw line and this runs only for what is drawn or
// searched, so a million lines cost nothing here until they are looked at.

/** The style of text with no SGR attributes; also what SGR 0 returns to. */
export const PLAIN = Object.freeze({ fg: null, bg: null, bold: false, dim: false, italic: false, underline: false });

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
export function interpretLine(raw, withStyles) {
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
export function plainText(raw) {
  return CONTROL.test(raw) ? interpretLine(raw, false).text : raw;
}
