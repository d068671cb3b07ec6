package dev.pushbutton.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A lean Server-Sent Events client on a plain socket, read on the caller's thread: an {@link
 * EventStreamParser} fed by blocking reads. Tests that need a crowd use it too; the benchmark's
 * crowds use {@link Crowd}.
 */
public final class Viewer implements AutoCloseable {
  /**
   * Called for each output chunk: its sequence number, its text as it stands in the JSON (between
   * the quotes, still escaped), and the time it was read.
   */
  public interface OutputHandler {
    void onOutput(long seq, byte[] buffer, int offset, int length, long receivedEpochNanos);
  }

  private final Socket socket;
  private final InputStream in;
  private volatile boolean connected;
  private EventStreamParser parser;
  private long streamBytes;

  public Viewer(String host, int port, String path) throws IOException {
    socket = new Socket(host, port);
    socket.setTcpNoDelay(true);
    OutputStream out = socket.getOutputStream();
    out.write(
        ("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAccept: text/event-stream\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    in = socket.getInputStream();
  }

  /** Reads until the stream ends; returns normally after the final state. */
  public void read(OutputHandler handler) throws IOException {
    parser = new EventStreamParser(handler);
    byte[] buffer = new byte[64 * 1024];
    int n;
    while ((n = in.read(buffer)) >= 0) {
      streamBytes += n;
      boolean ended = parser.feed(buffer, 0, n);
      connected |= parser.answered();
      if (ended) {
        return;
      }
    }
  }

  /** Whether the server has answered with its headers. */
  boolean connected() {
    return connected;
  }

  public long outputs() {
    return parser == null ? 0 : parser.outputs();
  }

  /** The bytes read from the socket: headers, chunk framing and events. */
  long streamBytes() {
    return streamBytes;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
