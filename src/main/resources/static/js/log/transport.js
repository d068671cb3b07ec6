// Where a run's log and state come from: the server's API, and nothing else on the page talks to it.
// The end of the raw log first (a Range request on /api/runs/{id}/log, whose headers say which line
// it starts on and which event it ends with), the bytes before it later, the stderr stretches
// (/log/streams), the run itself (/api/runs/{id}), and the live events after a given one
// (/api/runs/{id}/events, an EventSource that resumes where it left off). It hands back lines and
// plain objects; it keeps no log. This is the piece a cluster mode would change (events from
// another node, a log stored elsewhere): the model, the list and the page would not.

import { SLICE_MS, yieldToEventLoop } from "./slices.js";

/**
 * How much of the end of the log is read first, unless the page names the address: enough lines to
 * fill any screen and scroll a little, small enough to arrive and draw at once (about 2,800 lines
 * of 90 bytes). The run page names it (web/RunPage.java says how much) in a preload hint too.
 */
const TAIL_BYTES = 256 * 1024;
/**
 * While a big log loads, how often progress is reported: drawing costs the browser a frame's layout
 * and paint, and doing that every frame would double the time to open a million lines.
 */
const LOADING_REDRAW_MS = 250;
const MAX_RECONNECT_DELAY_MS = 30_000;

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

/** The X-Pushbutton-Last-Seq header: the last event the body holds. */
function lastSeqOf(response) {
  const header = response.headers.get("X-Pushbutton-Last-Seq");
  return header !== null && /^\d+$/.test(header) ? Number(header) : null;
}

/**
 * What the raw log said, as readTail() and readWhole() hand it back: `lines` are whole, `rest` is
 * the unfinished last one, and the log up to event `lastSeq` is in them. `firstLine` is the number
 * (from 0) of the first line, `earlierEnd` the byte where the lines before it end (0 when none are
 * missing), `size` the log's size in bytes when the server said. This one is a log whose server did
 * not say where it ends (lastSeq null): then every line comes from the event stream instead.
 */
const NOTHING_SAID = Object.freeze({ lines: [], rest: "", lastSeq: null, firstLine: 0, earlierEnd: 0 });

/** One run's log and state, read from the server's API. */
export class RunTransport {
  /**
   * `tailUrl`, when the page gives one, is where to read the end of the log: the address of the
   * page's preload hint, so that this read is answered by the one the browser started early.
   */
  constructor(runId, tailUrl) {
    this.base = `/api/runs/${encodeURIComponent(runId)}`;
    this.tailUrl = tailUrl || `${this.base}/log?tail=${TAIL_BYTES}`;
  }

  /** The raw log as a file to save. */
  downloadUrl() {
    return `${this.base}/log?download=1`;
  }

  /**
   * The run as it stands: {status, run}, with the HTTP status (0 when the server could not be
   * reached) and the run when it was read.
   */
  async readRun() {
    try {
      const response = await fetch(this.base, { headers: { Accept: "application/json" }, cache: "no-store" });
      return { status: response.status, run: response.ok ? await response.json() : null };
    } catch {
      return { status: 0, run: null };
    }
  }

  /**
   * The end of the raw log (its last bytes, as `?tail=` asks: the same as `Range: bytes=-N`, from
   * the first line that starts in them), or the whole of it when the server sends it all. The
   * server says which line the range starts on, so the lines are numbered right from the start; the
   * lines before it are read with readEarlier. `onProgress(lines)` hears of a whole log that takes a
   * while.
   */
  async readTail(onProgress) {
    // Asked exactly as the preload hint asks (no header, the default cache mode; the server says
    // no-store): a request that differed might not be given the preloaded answer, and would ask the
    // server a second time.
    const response = await fetch(this.tailUrl);
    if (response.status === 416) return this.readWhole(await this.fetchWhole(), onProgress);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const lastSeq = lastSeqOf(response);
    const range = /^bytes (\d+)-\d+\/(\d+)$/.exec(response.headers.get("Content-Range") || "");
    const firstLine = Number(response.headers.get("X-Pushbutton-First-Line"));
    if (lastSeq === null || response.status !== 206 || !range || !(firstLine >= 1)) {
      return this.readWhole(response, onProgress); // a server or proxy that sends the whole log anyway
    }
    const bytes = new Uint8Array(await response.arrayBuffer());
    const start = Number(range[1]);
    const size = Number(range[2]);
    // The range starts inside a line (or at its start: the server cannot tell which without the
    // byte before): drop the bytes up to the first newline, and read them with the earlier lines.
    let cut = 0;
    let origin = 0;
    let earlierEnd = 0;
    if (start > 0) {
      cut = bytes.indexOf(10) + 1;
      if (cut === 0) return { ...(await this.readWhole(await this.fetchWhole(), onProgress)), size };
      origin = firstLine; // the first line kept is the next one: number firstLine + 1
      earlierEnd = start + cut;
    }
    const lines = [];
    const rest = splitLines("", new TextDecoder().decode(bytes.subarray(cut)), lines);
    return { lines, rest, lastSeq, firstLine: origin, earlierEnd, size };
  }

  fetchWhole() {
    return fetch(`${this.base}/log`, { cache: "no-store" });
  }

  /** A whole log, streamed into lines as it arrives. */
  async readWhole(response, onProgress) {
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const lastSeq = lastSeqOf(response);
    if (lastSeq === null) {
      await response.body.cancel();
      return NOTHING_SAID;
    }
    const { lines, rest } = await readLines(response, onProgress);
    return { lines, rest, lastSeq, firstLine: 0, earlierEnd: 0 };
  }

  /** The lines in bytes [0, end) of the raw log, streamed; `onProgress(lines)` hears how far. */
  async readEarlier(end, onProgress) {
    const response = await fetch(`${this.base}/log`, {
      cache: "no-store",
      headers: { Range: `bytes=0-${end - 1}` },
    });
    if (response.status !== 206) throw new Error(`HTTP ${response.status}`);
    const { lines } = await readLines(response, onProgress);
    return lines;
  }

  /**
   * Which lines stderr wrote, as the log's index says (the raw log does not): [first, last] pairs
   * of line numbers from 0, flat and sorted; null when the server could not say.
   */
  async readStderrLines(size) {
    try {
      const to = size === undefined ? "" : `?to=${size}`;
      const response = await fetch(`${this.base}/log/streams${to}`, {
        cache: "no-store",
        headers: { Accept: "application/json" },
      });
      if (!response.ok) return null;
      const { stderr } = await response.json();
      const ranges = new Array(stderr.length * 2);
      stderr.forEach(([, , firstLine, lastLine], k) => {
        ranges[2 * k] = firstLine - 1;
        ranges[2 * k + 1] = lastLine - 1;
      });
      return ranges;
    } catch {
      return null;
    }
  }

  /**
   * Follows the run's events after event `after` (all of them when null). `on` takes output(event),
   * lines(batch), state(run), report(report), connected(), lost(); ended() says the run has ended
   * (lost connections are then left alone), and resume() is asked, before the stream is opened
   * again after the server refused it, where to resume from (null: not at all).
   */
  follow(after, on) {
    return new RunEvents(this.base, on).open(after);
  }
}

/** The run's event stream, opened again after the server ended it with an error. */
class RunEvents {
  constructor(base, on) {
    this.base = base;
    this.on = on;
    this.source = null;
    this.reconnectDelay = 1000;
  }

  open(after) {
    const url = after === null ? `${this.base}/events` : `${this.base}/events?after=${after}`;
    const source = new EventSource(url);
    this.source = source;
    source.addEventListener("output", (e) => this.on.output(JSON.parse(e.data)));
    source.addEventListener("lines", (e) => this.on.lines(JSON.parse(e.data)));
    source.addEventListener("state", (e) => this.on.state(JSON.parse(e.data)));
    // The job printed ::status, ::progress or a note: the headline moves while the state stays.
    source.addEventListener("report", (e) => this.on.report(JSON.parse(e.data)));
    source.addEventListener("open", () => {
      this.reconnectDelay = 1000;
      this.on.connected();
    });
    source.addEventListener("error", () => this.onError(source));
    return this;
  }

  /** The server ends the stream after the final state; closing first stops the browser reconnecting. */
  close() {
    if (this.source) this.source.close();
  }

  /**
   * The browser reconnects by itself (resuming after the last event it saw); when it gives up
   * (the server answered with an error), try again later from where the page says.
   */
  onError(source) {
    if (source !== this.source || this.on.ended()) return;
    this.on.lost();
    if (source.readyState !== EventSource.CLOSED) return;
    const delay = this.reconnectDelay;
    this.reconnectDelay = Math.min(delay * 2, MAX_RECONNECT_DELAY_MS);
    setTimeout(async () => {
      if (source !== this.source || this.on.ended()) return;
      const after = await this.on.resume(); // reads the run again: it says why the stream was refused
      if (source === this.source && after !== null && !this.on.ended()) this.open(after);
    }, delay);
  }
}
