package dev.pushbutton.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many viewers of one run's event stream, read by one selector loop per core instead of a thread
 * per viewer. On the benchmark's two cores the crowd's own reading competes with the server: a
 * thread per connection costs a wake-up, a read and a re-arm of the poller per event per viewer,
 * where a selector loop costs one read per ready connection. So the latency of a crowd measures the
 * server more than the clients.
 */
final class Crowd implements AutoCloseable {
  private final List<SocketChannel> channels = new ArrayList<>();
  private final List<EventStreamParser> parsers = new ArrayList<>();
  private final AtomicInteger failed = new AtomicInteger();
  private final List<Selector> selectors = new java.util.concurrent.CopyOnWriteArrayList<>();
  private volatile boolean closed;

  /**
   * Connects {@code count} viewers and sends each its request; reading starts with {@link #read}.
   */
  Crowd(
      String host,
      int port,
      String path,
      String authorization,
      int count,
      Viewer.OutputHandler handler)
      throws IOException {
    byte[] request = EventStreamParser.request(host, path, authorization);
    for (int i = 0; i < count; i++) {
      SocketChannel channel = SocketChannel.open(new InetSocketAddress(host, port));
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      ByteBuffer out = ByteBuffer.wrap(request);
      while (out.hasRemaining()) {
        channel.write(out);
      }
      channel.configureBlocking(false);
      channels.add(channel);
      parsers.add(new EventStreamParser(handler));
    }
  }

  /** Reads every stream until each has ended (final state or closed); blocks meanwhile. */
  void read() throws InterruptedException {
    int loops = Math.max(1, Math.min(channels.size(), Runtime.getRuntime().availableProcessors()));
    var threads = new ArrayList<Thread>();
    for (int loop = 0; loop < loops; loop++) {
      int first = loop;
      threads.add(
          Thread.ofPlatform()
              .name("crowd-" + loop)
              .start(() -> {
                try {
                  readEvery(first, loops);
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              }));
    }
    for (Thread thread : threads) {
      thread.join();
    }
  }

  /** One selector loop: the viewers {@code first}, {@code first + step}, ... */
  private void readEvery(int first, int step) throws IOException {
    try (Selector selector = Selector.open()) {
      selectors.add(selector);
      int open = 0;
      for (int i = first; i < channels.size(); i += step) {
        channels.get(i).register(selector, SelectionKey.OP_READ, parsers.get(i));
        open++;
      }
      ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
      while (open > 0 && !closed) {
        selector.select();
        for (SelectionKey key : selector.selectedKeys()) {
          var parser = (EventStreamParser) key.attachment();
          var channel = (SocketChannel) key.channel();
          boolean done;
          try {
            buffer.clear();
            int n = channel.read(buffer);
            done = n < 0 || parser.feed(buffer.array(), 0, n);
          } catch (IOException e) {
            failed.incrementAndGet();
            done = true;
          }
          if (done) {
            key.cancel();
            open--;
          }
        }
        selector.selectedKeys().clear();
      }
    }
  }

  /** How many viewers the server has answered (status line and headers). */
  int answered() {
    int count = 0;
    for (EventStreamParser parser : parsers) {
      if (parser.answered()) {
        count++;
      }
    }
    return count;
  }

  /** How many viewers got exactly {@code outputs} output chunks. */
  int gotExactly(long outputs) {
    int count = 0;
    for (EventStreamParser parser : parsers) {
      if (parser.outputs() == outputs) {
        count++;
      }
    }
    return count;
  }

  /** Streams that ended with an error rather than a final state or a close. */
  int failed() {
    return failed.get();
  }

  /** Closes every connection; a {@link #read} still going returns. */
  @Override
  public void close() throws IOException {
    closed = true;
    for (SocketChannel channel : channels) {
      channel.close();
    }
    selectors.forEach(Selector::wakeup);
  }
}
