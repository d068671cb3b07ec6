package dev.pushbutton.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads one HTTP/1.1 response carrying a run's event stream, fed as bytes arrive in whatever pieces
 * the socket gives: the status line and headers, chunked transfer decoding, then the events. Hands
 * every output chunk (one per {@code output} event, several per {@code lines} event) to a handler,
 * and says when the run's final state has come. Allocates nothing per event, so ten thousand of
 * them fit in one benchmark process.
 */
final class EventStreamParser {
  private static final byte[] SEQ = ascii("\"seq\":");
  private static final byte[] TEXT = ascii("\"text\":\"");
  private static final byte[] TEXTS = ascii("\"texts\":[");
  private static final byte[] TEXT_KEY = ascii("\"text");
  private static final byte[] DATA = ascii("data: ");
  private static final byte[] STATE = ascii("event: state");
  private static final byte[] STATE_VALUE = ascii("\"state\":\"");

  private enum Part {
    STATUS,
    HEADERS,
    CHUNK_SIZE,
    CHUNK_DATA,
    CHUNK_END,
    BODY,
    DONE
  }

  private final Viewer.OutputHandler handler;
  private Part part = Part.STATUS;
  private volatile boolean answered; // for other threads: part is only for the one feeding
  private boolean chunked;
  private long chunkLeft;
  // A line that arrived in pieces: one of the framing, and one of the events (which an HTTP chunk
  // boundary may cut, with the framing in between).
  private final StringBuilder framing = new StringBuilder();
  private byte[] line = new byte[1024];
  private int lineLength;
  private boolean stateEvent;
  private long outputs;

  EventStreamParser(Viewer.OutputHandler handler) {
    this.handler = handler;
  }

  /**
   * The request for the event stream at {@code path} whose answer this reads, signed in with the
   * {@code Authorization} header given.
   */
  static byte[] request(String host, String path, String authorization) {
    return ascii(
        "GET "
            + path
            + " HTTP/1.1\r\nHost: "
            + host
            + "\r\nAccept: text/event-stream\r\n"
            + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
            + "\r\n");
  }

  /** Feeds bytes as they arrived; true once the stream is over (final state, or end of body). */
  boolean feed(byte[] data, int offset, int length) throws IOException {
    int at = offset;
    int end = offset + length;
    while (at < end && part != Part.DONE) {
      switch (part) {
        case STATUS, HEADERS, CHUNK_SIZE, CHUNK_END -> at = framingLine(data, at, end);
        case CHUNK_DATA -> {
          int take = (int) Math.min(chunkLeft, end - at);
          body(data, at, at + take);
          at += take;
          chunkLeft -= take;
          if (chunkLeft == 0 && part == Part.CHUNK_DATA) {
            part = Part.CHUNK_END;
          }
        }
        case BODY -> {
          body(data, at, end);
          at = end;
        }
        case DONE -> {}
      }
    }
    return part == Part.DONE;
  }

  /** Whether the status line and headers have come. */
  boolean answered() {
    return answered;
  }

  long outputs() {
    return outputs;
  }

  /** One line of the HTTP framing (status, a header, a chunk size, the CRLF after a chunk). */
  private int framingLine(byte[] data, int at, int end) throws IOException {
    int newline = indexOf(data, at, end, (byte) '\n');
    framing.append(
        new String(data, at, (newline < 0 ? end : newline) - at, StandardCharsets.US_ASCII));
    if (newline < 0) {
      return end;
    }
    String text = framing.toString().strip();
    framing.setLength(0);
    switch (part) {
      case STATUS -> {
        if (!text.contains(" 200")) {
          throw new IOException("the server answered " + text);
        }
        part = Part.HEADERS;
      }
      case HEADERS -> {
        String header = text.toLowerCase();
        chunked |= header.startsWith("transfer-encoding:") && header.contains("chunked");
        if (text.isEmpty()) {
          part = chunked ? Part.CHUNK_SIZE : Part.BODY;
          answered = true;
        }
      }
      case CHUNK_SIZE -> {
        int semicolon = text.indexOf(';');
        chunkLeft =
            Long.parseLong((semicolon < 0 ? text : text.substring(0, semicolon)).trim(), 16);
        part = chunkLeft == 0 ? Part.DONE : Part.CHUNK_DATA;
      }
      case CHUNK_END -> part = Part.CHUNK_SIZE; // the CRLF after a chunk's data
      default -> throw new IllegalStateException(part.toString());
    }
    return newline + 1;
  }

  /** Body bytes: event stream lines, handled whole where they lie whole in the input. */
  private void body(byte[] data, int from, int to) {
    int at = from;
    while (at < to && part != Part.DONE) {
      int newline = indexOf(data, at, to, (byte) '\n');
      if (newline < 0) {
        append(data, at, to);
        return;
      }
      if (lineLength == 0) {
        eventLine(data, at, newline);
      } else {
        append(data, at, newline);
        eventLine(line, 0, lineLength);
        lineLength = 0;
      }
      at = newline + 1;
    }
  }

  private void eventLine(byte[] data, int from, int to) {
    int length = to - from;
    if (length > 0 && data[to - 1] == '\r') {
      length--;
    }
    if (startsWith(data, from, length, STATE)) {
      stateEvent = true;
    } else if (startsWith(data, from, length, DATA)) {
      if (!stateEvent) {
        chunks(data, from, from + length, Clocks.epochNanos());
      } else if (isFinal(data, from, length)) {
        part = Part.DONE;
      }
    } else if (length == 0) {
      stateEvent = false;
    }
  }

  /** The chunks of one output or lines event's data line, to the handler. */
  private void chunks(byte[] data, int from, int to, long receivedAt) {
    int at = find(data, from, to, SEQ);
    if (at < 0) {
      return;
    }
    at += SEQ.length;
    long seq = 0;
    while (at < to && data[at] >= '0' && data[at] <= '9') {
      seq = seq * 10 + data[at++] - '0';
    }
    // The first "text in the event is its key ("text" or "texts"): no field before it holds those
    // letters, and the texts come after it. Looking for the one key, not for each in turn, keeps a
    // 64 KiB lines event from being scanned to its end for a key it does not have.
    int key = find(data, at, to, TEXT_KEY);
    if (key < 0) {
      return;
    }
    if (startsWith(data, key, to - key, TEXT)) {
      int open = key + TEXT.length;
      outputs++;
      handler.onOutput(seq, data, open, closingQuote(data, open, to) - open, receivedAt);
      return;
    }
    int texts = startsWith(data, key, to - key, TEXTS) ? key : -1;
    for (at = texts < 0 ? to : texts + TEXTS.length; at < to && data[at] == '"'; seq++) {
      int close = closingQuote(data, at + 1, to);
      outputs++;
      handler.onOutput(seq, data, at + 1, close - at - 1, receivedAt);
      at = close + 2; // past the quote and the comma (or the closing bracket)
    }
  }

  private void append(byte[] data, int from, int to) {
    int length = to - from;
    if (lineLength + length > line.length) {
      line = Arrays.copyOf(line, Math.max(line.length * 2, lineLength + length));
    }
    System.arraycopy(data, from, line, lineLength, length);
    lineLength += length;
  }

  private static int indexOf(byte[] data, int from, int to, byte b) {
    for (int i = from; i < to; i++) {
      if (data[i] == b) {
        return i;
      }
    }
    return -1;
  }

  private static int find(byte[] data, int from, int to, byte[] part) {
    outer:
    for (int i = from; i <= to - part.length; i++) {
      for (int j = 0; j < part.length; j++) {
        if (data[i + j] != part[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static int closingQuote(byte[] data, int from, int to) {
    for (int i = from; i < to; i++) {
      if (data[i] == '\\') {
        i++;
      } else if (data[i] == '"') {
        return i;
      }
    }
    return to;
  }

  private static boolean startsWith(byte[] data, int offset, int length, byte[] prefix) {
    return length >= prefix.length
        && Arrays.equals(data, offset, offset + prefix.length, prefix, 0, prefix.length);
  }

  /** Whether a state event's data line names a final state (its first "state" is the run's). */
  private static boolean isFinal(byte[] data, int offset, int length) {
    int at = find(data, offset, offset + length, STATE_VALUE);
    if (at < 0) {
      return false;
    }
    int open = at + STATE_VALUE.length;
    int close = closingQuote(data, open, offset + length);
    return Client.isFinal(new String(data, open, close - open, StandardCharsets.US_ASCII));
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
