package dev.pushbutton.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A lean Server-Sent Events client on a plain socket (HTTP/1.1, chunked transfer decoded by hand),
 * so ten thousand of them fit in one benchmark process. It hands every output chunk (one per {@code
 * output} event, several per {@code lines} event) to a handler, and stops after the run's final
 * state. Tests that need a crowd use it too.
 */
public final class Viewer implements AutoCloseable {
  /**
   * Called for each output chunk: its sequence number, its text as it stands in the JSON (between
   * the quotes, still escaped), and the time it was read.
   */
  public interface OutputHandler {
    void onOutput(long seq, byte[] buffer, int offset, int length, long receivedEpochNanos);
  }

  private static final byte[] SEQ = "\"seq\":".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] TEXT = "\"text\":\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] TEXTS = "\"texts\":[".getBytes(StandardCharsets.US_ASCII);

  private final Socket socket;
  private final InputStream in;
  private volatile boolean connected;
  private long outputs;
  private long bytes;

  public Viewer(String host, int port, String path) throws IOException {
    socket = new Socket(host, port);
    socket.setTcpNoDelay(true);
    OutputStream out = socket.getOutputStream();
    out.write(
        ("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAccept: text/event-stream\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
  }

  /** Reads until the stream ends; returns normally after the final state. */
  public void read(OutputHandler handler) throws IOException {
    boolean chunked = readHeaders();
    connected = true;
    InputStream body = chunked ? new Chunked(in) : in;
    byte[] buffer = new byte[64 * 1024];
    int start = 0;
    int end = 0;
    boolean stateEvent = false;
    while (true) {
      int newline = -1;
      for (int i = start; i < end; i++) {
        if (buffer[i] == '\n') {
          newline = i;
          break;
        }
      }
      if (newline < 0) {
        if (start > 0) {
          System.arraycopy(buffer, start, buffer, 0, end - start);
          end -= start;
          start = 0;
        }
        if (end == buffer.length) {
          buffer = java.util.Arrays.copyOf(buffer, buffer.length * 2);
        }
        int n = body.read(buffer, end, buffer.length - end);
        if (n < 0) {
          return;
        }
        end += n;
        continue;
      }
      int length = newline - start;
      if (length > 0 && buffer[newline - 1] == '\r') {
        length--;
      }
      bytes += newline - start + 1;
      if (startsWith(buffer, start, length, "event: state")) {
        stateEvent = true;
      } else if (startsWith(buffer, start, length, "data: ")) {
        if (stateEvent) {
          if (isFinal(buffer, start, length)) {
            return;
          }
        } else {
          chunks(buffer, start, start + length, Clocks.epochNanos(), handler);
        }
      } else if (length == 0) {
        stateEvent = false;
      }
      start = newline + 1;
    }
  }

  /** The chunks of one output or lines event's data line, to the handler. */
  private void chunks(byte[] data, int from, int to, long receivedAt, OutputHandler handler) {
    int at = find(data, from, to, SEQ);
    if (at < 0) {
      return;
    }
    at += SEQ.length;
    long seq = 0;
    while (at < to && data[at] >= '0' && data[at] <= '9') {
      seq = seq * 10 + data[at++] - '0';
    }
    int text = find(data, at, to, TEXT);
    if (text >= 0) {
      int open = text + TEXT.length;
      outputs++;
      handler.onOutput(seq, data, open, closingQuote(data, open, to) - open, receivedAt);
      return;
    }
    int texts = find(data, at, to, TEXTS);
    for (at = texts < 0 ? to : texts + TEXTS.length; at < to && data[at] == '"'; seq++) {
      int close = closingQuote(data, at + 1, to);
      outputs++;
      handler.onOutput(seq, data, at + 1, close - at - 1, receivedAt);
      at = close + 2; // past the quote and the comma (or the closing bracket)
    }
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

  boolean connected() {
    return connected;
  }

  public long outputs() {
    return outputs;
  }

  long bytes() {
    return bytes;
  }

  private boolean readHeaders() throws IOException {
    byte[] line = new byte[8192];
    int length = readLine(in, line);
    String status = new String(line, 0, Math.max(0, length), StandardCharsets.US_ASCII);
    if (!status.contains(" 200")) {
      throw new IOException("the server answered " + status);
    }
    boolean chunked = false;
    while ((length = readLine(in, line)) > 0) {
      String header = new String(line, 0, length, StandardCharsets.US_ASCII).toLowerCase();
      chunked |= header.startsWith("transfer-encoding:") && header.contains("chunked");
    }
    return chunked;
  }

  /**
   * One line without its \n (and \r); -1 at the end of the stream. Overlong lines are truncated.
   */
  private static int readLine(InputStream from, byte[] into) throws IOException {
    int length = 0;
    int b;
    while ((b = from.read()) != -1) {
      if (b == '\n') {
        if (length > 0 && into[length - 1] == '\r') {
          length--;
        }
        return length;
      }
      if (length < into.length) {
        into[length++] = (byte) b;
      }
    }
    return length == 0 ? -1 : length;
  }

  private static boolean startsWith(byte[] buffer, int offset, int length, String prefix) {
    if (length < prefix.length()) {
      return false;
    }
    for (int i = 0; i < prefix.length(); i++) {
      if (buffer[offset + i] != prefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isFinal(byte[] buffer, int offset, int length) {
    String data = new String(buffer, offset, length, StandardCharsets.US_ASCII);
    for (String state : new String[] {"succeeded", "failed", "killed", "timed_out", "lost"}) {
      if (data.contains("\"state\":\"" + state + "\"")) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  /**
   * Chunked transfer decoding: size line in hex, that many bytes, CRLF; a zero size ends the body.
   */
  private static final class Chunked extends InputStream {
    private final InputStream in;
    private long left;
    private boolean done;

    Chunked(InputStream in) {
      this.in = in;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
      if (!startChunk()) {
        return -1;
      }
      int n = in.read(into, offset, (int) Math.min(length, left));
      if (n < 0) {
        done = true;
        return -1;
      }
      left -= n;
      return n;
    }

    @Override
    public int read() throws IOException {
      if (!startChunk()) {
        return -1;
      }
      int b = in.read();
      if (b == -1) {
        done = true;
        return -1;
      }
      left--;
      return b;
    }

    /**
     * Reads the next chunk's size when the current one is used up; false at the end of the body.
     */
    private boolean startChunk() throws IOException {
      while (!done && left == 0) {
        ByteArrayOutputStream size = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
          if (b != '\r') {
            size.write(b);
          }
        }
        if (b == -1) {
          done = true;
          break;
        }
        String hex = size.toString(StandardCharsets.US_ASCII).trim();
        if (hex.isEmpty()) {
          continue; // the CRLF after a chunk's data
        }
        int semicolon = hex.indexOf(';');
        left = Long.parseLong(semicolon < 0 ? hex : hex.substring(0, semicolon), 16);
        done = left == 0;
      }
      return !done;
    }
  }
}
