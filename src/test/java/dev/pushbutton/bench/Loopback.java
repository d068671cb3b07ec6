package dev.pushbutton.bench;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * The machine's own floor for the same work: messages and bytes across loopback with nothing
 * between.
 */
final class Loopback {
  private Loopback() {}

  /**
   * One-way latency of small messages over a loopback TCP connection: {p50, p99} in milliseconds.
   */
  static double[] oneWayMillis(int messages) throws Exception {
    long[] samples = new long[messages];
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Socket sender = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
        Socket receiver = listener.accept()) {
      sender.setTcpNoDelay(true);
      Thread reader =
          Thread.ofPlatform()
              .start(() -> {
                try (DataInputStream in = new DataInputStream(receiver.getInputStream())) {
                  for (int i = 0; i < messages; i++) {
                    long sent = in.readLong();
                    samples[i] = System.nanoTime() - sent;
                  }
                } catch (IOException e) {
                  throw new IllegalStateException(e);
                }
              });
      DataOutputStream out = new DataOutputStream(sender.getOutputStream());
      for (int i = 0; i < messages; i++) {
        out.writeLong(System.nanoTime());
        out.flush();
        Thread.sleep(1);
      }
      reader.join();
    }
    return new double[] {
      Stats.percentileMillis(samples, 0.5), Stats.percentileMillis(samples, 0.99)
    };
  }

  /** How fast a file's bytes cross a loopback TCP connection, in MB per second. */
  static double copyMegabytesPerSecond(Path file) throws Exception {
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread sender = Thread.ofPlatform().start(() -> send(listener, file));
      long t0 = System.nanoTime();
      long total = 0;
      try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
          InputStream in = socket.getInputStream()) {
        byte[] buffer = new byte[256 * 1024];
        int n;
        while ((n = in.read(buffer)) >= 0) {
          total += n;
        }
      }
      sender.join();
      return total / 1e6 / ((System.nanoTime() - t0) / 1e9);
    }
  }

  private static void send(ServerSocket listener, Path file) {
    try (Socket socket = listener.accept();
        FileChannel in = FileChannel.open(file)) {
      var out = socket.getOutputStream();
      byte[] buffer = new byte[256 * 1024];
      int n;
      while ((n = in.read(ByteBuffer.wrap(buffer))) > 0) {
        out.write(buffer, 0, n);
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
