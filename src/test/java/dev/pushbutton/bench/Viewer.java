package dev.pushbutton.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

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
  private long streamBytes;

  /**
   * @param authorization the {@code Authorization} header that signs the viewer in
   */
  public Viewer(String host, int port, String path, String authorization) throws IOException {
    socket = new Socket(host, port);
    socket.setTcpNoDelay(true);
    OutputStream out = socket.getOutputStream();
    out.write(EventStreamParser.request(host, path, authorization));
    out.flush();
    in = socket.getInputStream();
  }

  /** Reads until the stream ends; returns normally after the final state. */
  public void read(OutputHandler handler) throws IOException {
    var parser = new EventStreamParser(handler);
    byte[] buffer = new byte[64 * 1024];
    int n;
    while ((n = in.read(buffer)) >= 0) {
      streamBytes += n;
      if (parser.feed(buffer, 0, n)) {
        return;
      }
    }
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
