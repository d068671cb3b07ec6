package dev.pushbutton.output;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The durable output of one run: the raw stream files the process appends to, and the index that
 * numbers their chunks. One thread (the run's tailer) records chunks; any number of {@link
 * OutputReader}s read them, seeing only chunks already committed.
 */
public final class OutputLog implements Closeable {
  private static final FileAttribute<Set<PosixFilePermission>> PRIVATE_DIRECTORY =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
  private static final FileAttribute<Set<PosixFilePermission>> PRIVATE_FILE =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
  static final String INDEX_FILE = "output.idx";

  private final Path dir;
  private final FileChannel index;

  /** The run's secret values while it is active; empty when there are none, or for readers. */
  private final List<String> secrets;

  /**
   * Index records not yet written. Normally flushed every 2,048 records; while the disk refuses
   * writes it grows instead, holding what one read of the tailer cut, and every record stays here
   * until a write succeeds, so the index never loses one nor ends on a torn one for long.
   */
  // Grows (doubling) with a pump's records; most runs write a few.
  private ByteBuffer unwritten = ByteBuffer.allocate(IndexRecord.SIZE * 64);

  /** Per stream (by ordinal): how many bytes of its file are already cut into chunks. */
  private final long[] consumed = new long[StdStream.values().length];

  private long nextSeq;
  private volatile long committedSeq;
  private Instant lastReadAt;
  private long lastReadAtMicros;

  private OutputLog(Path dir, FileChannel index, List<String> secrets) {
    this.dir = dir;
    this.index = index;
    this.secrets = List.copyOf(secrets);
  }

  /**
   * A view of a finished run's log for readers only. It never recovers (truncates) anything, and
   * shows the whole records present; an empty view when the run never wrote a byte.
   */
  static OutputLog readOnly(Path dir) {
    var log = new OutputLog(dir, null, List.of());
    long size = dir.resolve(INDEX_FILE).toFile().length();
    log.committedSeq = size / IndexRecord.SIZE;
    return log;
  }

  /**
   * Opens the log in {@code dir}, creating the directory and empty files when new. A record cut
   * short by a crash is dropped, so the index always ends on a whole record; its bytes are read
   * again from the raw file.
   *
   * <p>When the run's secrets are kept in the directory ({@link RunSecrets}), the process writes to
   * separate source files and the log keeps their bytes with every secret masked.
   */
  public static OutputLog open(Path dir) {
    try {
      // A job may print what it was given, secrets included: only the server's user may read its
      // raw output (0700 directory, 0600 files), whatever the process's umask.
      Files.createDirectories(dir, PRIVATE_DIRECTORY);
      List<String> secrets = RunSecrets.read(dir).values().stream().toList();
      for (StdStream stream : StdStream.values()) {
        createPrivate(dir.resolve(stream.fileName()));
        if (!secrets.isEmpty()) {
          createPrivate(dir.resolve(RunSecrets.sourceName(stream)));
        }
      }
      FileChannel index =
          FileChannel.open(
              dir.resolve(INDEX_FILE),
              Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE),
              PRIVATE_FILE);
      var log = new OutputLog(dir, index, secrets);
      log.recover();
      return log;
    } catch (IOException e) {
      throw OutputStorageException.of("opening the output log in", dir, e);
    }
  }

  static void createPrivate(Path file) throws IOException {
    if (Files.notExists(file)) {
      Files.createFile(file, PRIVATE_FILE);
    }
  }

  static void createPrivateDirectory(Path dir) throws IOException {
    Files.createDirectories(dir, PRIVATE_DIRECTORY);
  }

  private void recover() throws IOException {
    long whole = index.size() / IndexRecord.SIZE;
    index.truncate(whole * IndexRecord.SIZE);
    index.position(whole * IndexRecord.SIZE);
    nextSeq = whole + 1;
    committedSeq = whole;
    // Walk back only until each stream's last record is found: cheap even for a huge log.
    var buffer = ByteBuffer.allocate(IndexRecord.SIZE);
    var found = java.util.EnumSet.noneOf(StdStream.class);
    for (long seq = whole; seq >= 1 && found.size() < StdStream.values().length; seq--) {
      buffer.clear();
      readFully(index, buffer, (seq - 1) * IndexRecord.SIZE);
      IndexRecord record = IndexRecord.decode(buffer.flip());
      if (found.add(record.stream())) {
        consumed[record.stream().ordinal()] = record.offset() + record.length();
      }
    }
  }

  public Path directory() {
    return dir;
  }

  /** The file holding a stream's output as it is shown: the bytes the index points into. */
  public Path file(StdStream stream) {
    return dir.resolve(stream.fileName());
  }

  /**
   * The file the process writes a stream to: {@link #file} itself, unless the run has secrets to
   * mask, when the log's file holds a masked copy of this one.
   */
  public Path sourceFile(StdStream stream) {
    return secrets.isEmpty() ? file(stream) : dir.resolve(RunSecrets.sourceName(stream));
  }

  /** The secret values to mask in what the process writes; empty when there are none. */
  List<String> secrets() {
    return secrets;
  }

  /** The highest sequence number readers can see; 0 while there is none. */
  public long lastSeq() {
    return committedSeq;
  }

  /** How many bytes of a stream file are already cut into chunks: where tailing resumes. */
  public long consumed(StdStream stream) {
    return consumed[stream.ordinal()];
  }

  /**
   * Numbers the next chunk. Its bytes must be the next ones of that stream's file, already written
   * there. Readers see it only after {@link #commit()}.
   */
  OutputChunk record(StdStream stream, byte[] bytes, boolean eol, Instant readAt) {
    long offset = consumed[stream.ordinal()];
    if (unwritten.remaining() < IndexRecord.SIZE) {
      try {
        writeUnwritten();
      } catch (IOException e) {
        grow(); // commit() reports the fault; the record is kept meanwhile
      }
    }
    if (readAt != lastReadAt) { // the chunks of one read share it: convert it once
      lastReadAt = readAt;
      lastReadAtMicros = IndexRecord.micros(readAt);
    }
    new IndexRecord(stream, eol, bytes.length, offset, lastReadAtMicros).encode(unwritten);
    consumed[stream.ordinal()] = offset + bytes.length;
    return new OutputChunk(nextSeq++, stream, bytes, eol, readAt);
  }

  /**
   * Makes every recorded chunk visible to readers.
   *
   * @throws OutputStorageException when the index cannot be written; the records are kept, and the
   *     next commit writes them on from where this one stopped (even inside a record)
   */
  void commit() {
    try {
      writeUnwritten();
    } catch (IOException e) {
      throw OutputStorageException.of("writing", dir.resolve(INDEX_FILE), e);
    }
    committedSeq = nextSeq - 1;
  }

  private void writeUnwritten() throws IOException {
    unwritten.flip();
    try {
      while (unwritten.hasRemaining()) {
        index.write(unwritten);
      }
    } finally {
      unwritten.compact(); // keeps what a failed write left, ready for more records after it
    }
  }

  private void grow() {
    ByteBuffer larger = ByteBuffer.allocate(unwritten.capacity() * 2);
    larger.put(unwritten.flip());
    unwritten = larger;
  }

  /** A reader of the chunks after {@code afterSeq}; close it when done. */
  public OutputReader reader(long afterSeq) {
    return new OutputReader(this, afterSeq);
  }

  static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
    long at = position;
    while (buffer.hasRemaining()) {
      int n = channel.read(buffer, at);
      if (n < 0) {
        throw new IOException("unexpected end of " + channel);
      }
      at += n;
    }
  }

  @Override
  public void close() {
    if (index == null) {
      return;
    }
    try {
      index.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
