package dev.pushbutton.output;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Follows a running process's stream files and cuts what it writes into chunks: one per line, a
 * line longer than {@link #MAX_CHUNK} in several pieces, and a line left unfinished for {@link
 * #PARTIAL_AFTER_NANOS} sent as far as it goes (so prompts and progress bars show live). Each pump
 * commits its chunks to the {@link OutputLog} before telling the listener, so whatever a viewer is
 * told is already durable.
 *
 * <p>Only one thread may use a tailer.
 */
public final class OutputTailer implements Closeable {
  /** The largest chunk of an unfinished line: longer lines are cut. */
  public static final int MAX_CHUNK = 64 * 1024;

  /** How long a line may stay unfinished before what there is of it is sent. */
  public static final long PARTIAL_AFTER_NANOS = 200_000_000L;

  private static final int READ_SIZE = 256 * 1024;

  /**
   * What a run's first reads use: most runs write a few lines, and a quarter of a megabyte for each
   * (with its line buffers, its index buffer) was most of what starting a run allocated (550 KB a
   * run, so back-to-back starts paid 20-40 ms young collections every few seconds). A read that
   * fills the buffer doubles it, four times over, up to {@link #READ_SIZE}.
   */
  private static final int FIRST_READ_SIZE = 16 * 1024;

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private final String runId;
  private final OutputLog log;
  private final OutputListener listener;
  private final Clock clock;
  private final LongSupplier nanoTime;
  private final Map<StdStream, StreamTail> tails = new EnumMap<>(StdStream.class);
  private ByteBuffer readBuffer = ByteBuffer.allocate(FIRST_READ_SIZE);
  private final List<OutputChunk> batch = new ArrayList<>();
  private Instant readAt;
  private boolean behind;

  public OutputTailer(String runId, OutputLog log, OutputListener listener, Clock clock) {
    this(runId, log, listener, clock, System::nanoTime);
  }

  OutputTailer(
      String runId, OutputLog log, OutputListener listener, Clock clock, LongSupplier nanoTime) {
    this.runId = runId;
    this.log = log;
    this.listener = listener;
    this.clock = clock;
    this.nanoTime = nanoTime;
    try {
      for (StdStream stream : StdStream.values()) {
        tails.put(stream, new StreamTail(stream));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot follow the output in " + log.directory(), e);
    }
  }

  /**
   * Reads what is new in each stream; true when anything was read (call again: there may be more).
   *
   * @throws OutputStorageException when what was read cannot be stored; nothing is lost, and the
   *     next call stores it first, before reading more
   */
  public boolean pump() {
    publish();
    boolean moved = false;
    behind = false;
    readAt = now();
    for (StreamTail tail : tails.values()) {
      int capacity = readBuffer.capacity();
      int read = tail.read(Long.MAX_VALUE);
      moved |= read > 0;
      if (read == capacity) {
        behind = true; // there may be more: read again at once, with a larger buffer
        if (capacity < READ_SIZE) {
          readBuffer = ByteBuffer.allocate(Math.min(READ_SIZE, capacity * 2));
        }
      }
    }
    long now = nanoTime.getAsLong();
    for (StreamTail tail : tails.values()) {
      if (tail.line.size() > 0 && now - tail.pendingSince >= PARTIAL_AFTER_NANOS) {
        tail.emitPiece(Utf8.boundary(tail.line.bytes(), tail.line.size()));
      }
    }
    publish();
    return moved;
  }

  /**
   * Whether the last {@link #pump} read as much as it reads at once from a stream: the job writes
   * faster than it is read, and more is most likely waiting.
   */
  public boolean isBehind() {
    return behind;
  }

  /** The time of a read, to the microsecond: what the index keeps, so a replay shows the same. */
  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  /**
   * Nanoseconds until an unfinished line is due to be sent; {@link Long#MAX_VALUE} when there is
   * none.
   */
  public long nanosUntilDue() {
    long now = nanoTime.getAsLong();
    long due = Long.MAX_VALUE;
    for (StreamTail tail : tails.values()) {
      if (tail.line.size() > 0) {
        due = Math.min(due, Math.max(0, tail.pendingSince + PARTIAL_AFTER_NANOS - now));
      }
    }
    return due;
  }

  /**
   * Reads everything left and sends unfinished lines as they are: the process has ended.
   *
   * @throws OutputStorageException as {@link #pump} does; calling it again goes on where it stopped
   */
  public void drain() {
    publish();
    // Read up to the sizes the files have now: something the job left running in the background may
    // keep writing, and the run must still end.
    var ends = new EnumMap<StdStream, Long>(StdStream.class);
    for (StreamTail tail : tails.values()) {
      ends.put(tail.stream, tail.size());
    }
    boolean moved = true;
    while (moved) {
      moved = false;
      readAt = now();
      for (StreamTail tail : tails.values()) {
        moved |= tail.read(ends.get(tail.stream)) > 0;
      }
      publish();
    }
    readAt = now();
    for (StreamTail tail : tails.values()) {
      tail.finishMasking();
      if (tail.line.size() > 0) {
        tail.emitPiece(tail.line.size());
      }
    }
    publish();
  }

  private void publish() {
    if (batch.isEmpty()) {
      return;
    }
    log.commit(); // when it throws, the batch waits for the next try

    List<OutputChunk> chunks = List.copyOf(batch);
    batch.clear();
    listener.onOutput(runId, chunks);
  }

  @Override
  public void close() {
    for (StreamTail tail : tails.values()) {
      try {
        tail.channel.close();
        if (tail.shown != null) {
          tail.shown.close();
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /**
   * One stream's file position and the unfinished line read so far.
   *
   * <p>When the run has secrets, the process writes to the log's source file and this tail masks
   * what it reads ({@link SecretMask}), writes the result to the log's own file and cuts that. A
   * new tail (after a restart) masks the source again from its start and skips what the log already
   * holds: masking is the same whatever the pieces, so those bytes come out exactly as stored.
   */
  private final class StreamTail {
    final StdStream stream;
    final FileChannel channel;
    final LineBuffer line = new LineBuffer(256, MAX_CHUNK + 1);
    long readPosition;
    long pendingSince;

    /** Null unless masking. */
    final SecretMask mask;

    final FileChannel shown;

    /** Masked bytes the log already holds, still to come out of the mask again after a restart. */
    long skip;

    long shownPosition;

    /** Masked bytes not yet written to the log's file (the disk refused them): written first. */
    byte[] unwritten = new byte[0];

    StreamTail(StdStream stream) throws IOException {
      this.stream = stream;
      this.channel = FileChannel.open(log.sourceFile(stream));
      long consumed = log.consumed(stream);
      if (log.secrets().isEmpty()) {
        mask = null;
        shown = null;
        readPosition = consumed;
      } else {
        mask = new SecretMask(log.secrets());
        shown = FileChannel.open(log.file(stream), StandardOpenOption.WRITE);
        shown.truncate(consumed); // what a crash left written but never numbered goes
        skip = consumed;
        shownPosition = consumed;
      }
    }

    long size() {
      try {
        return channel.size();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + log.sourceFile(stream), e);
      }
    }

    /** Masks and passes on what the mask still held back: the process has ended. */
    void finishMasking() {
      if (mask != null) {
        pass(mask.finish());
      }
    }

    /**
     * Writes masked bytes to the log's file and cuts them; what the disk refuses is kept and
     * written first next time.
     */
    private void pass(byte[] masked) {
      byte[] bytes = masked;
      if (skip > 0) {
        int skipped = (int) Math.min(skip, bytes.length);
        skip -= skipped;
        bytes = Arrays.copyOfRange(bytes, skipped, bytes.length);
      }
      if (unwritten.length > 0) {
        byte[] all = Arrays.copyOf(unwritten, unwritten.length + bytes.length);
        System.arraycopy(bytes, 0, all, unwritten.length, bytes.length);
        bytes = all;
      }
      ByteBuffer out = ByteBuffer.wrap(bytes);
      try {
        while (out.hasRemaining()) {
          shownPosition += shown.write(out, shownPosition);
        }
      } catch (IOException e) {
        unwritten = Arrays.copyOfRange(bytes, out.position(), bytes.length);
        byte[] written = Arrays.copyOf(bytes, out.position());
        cut(written, written.length);
        throw OutputStorageException.of("writing", log.file(stream), e);
      }
      unwritten = new byte[0];
      cut(bytes, bytes.length);
    }

    /** Reads and cuts what is new up to {@code end}, at most a buffer's worth: bytes read. */
    int read(long end) {
      if (unwritten.length > 0) {
        pass(new byte[0]);
      }
      if (readPosition >= end) {
        return 0;
      }
      readBuffer.clear().limit((int) Math.min(readBuffer.capacity(), end - readPosition));
      int n;
      try {
        n = channel.read(readBuffer, readPosition);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + log.sourceFile(stream), e);
      }
      if (n <= 0) {
        return 0;
      }
      readPosition += n;
      if (mask == null) {
        cut(readBuffer.array(), n);
      } else {
        pass(mask.feed(readBuffer.array(), 0, n));
      }
      return n;
    }

    private void cut(byte[] bytes, int length) {
      int start = 0;
      while (start < length) {
        int newline = indexOf(bytes, start, length);
        if (newline >= 0 && line.size() == 0 && newline - start <= MAX_CHUNK) {
          // A whole line in the buffer (most are): one copy, not two through the line buffer.
          emit(Arrays.copyOfRange(bytes, start, newline + 1), true);
          start = newline + 1;
          continue;
        }
        int end = newline < 0 ? length : newline;
        while (start < end) {
          if (line.size() == MAX_CHUNK) {
            emitPiece(Utf8.boundary(line.bytes(), line.size()));
          }
          int take = Math.min(MAX_CHUNK - line.size(), end - start);
          if (line.size() == 0) {
            pendingSince = nanoTime.getAsLong();
          }
          line.append(bytes, start, take);
          start += take;
        }
        if (newline >= 0) {
          line.append(bytes, newline, 1);
          emit(line.take(line.size()), true);
          start = newline + 1;
        }
      }
    }

    void emitPiece(int length) {
      emit(line.take(length), false);
      pendingSince = nanoTime.getAsLong();
    }

    private void emit(byte[] bytes, boolean eol) {
      batch.add(log.record(stream, bytes, eol, readAt));
    }
  }

  private static int indexOf(byte[] bytes, int from, int to) {
    int i = from;
    // Eight bytes at a time (SWAR): a word holds a newline when some byte of (word ^ '\n'...) is 0.
    for (; i + 8 <= to; i += 8) {
      long w = (long) LONGS.get(bytes, i) ^ 0x0A0A0A0A0A0A0A0AL;
      long zeros = (w - 0x0101010101010101L) & ~w & 0x8080808080808080L;
      if (zeros != 0) {
        return i + Long.numberOfTrailingZeros(zeros) / 8; // little-endian: the lowest is the first
      }
    }
    for (; i < to; i++) {
      if (bytes[i] == '\n') {
        return i;
      }
    }
    return -1;
  }
}
