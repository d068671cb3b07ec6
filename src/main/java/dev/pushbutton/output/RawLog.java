package dev.pushbutton.output;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A run's log as the raw download shows it, fixed at one sequence number: the bytes of chunks 1 to
 * {@link #lastSeq()}, stdout and stderr interleaved in sequence order. It answers where a byte of
 * that log lies (which line, which stream) from the index alone, and copies any byte range of it
 * straight from the stream files.
 *
 * <p>Nothing is stored beside the index: each question is one sequential read of the index (24
 * bytes a chunk, so 24 MB and a few tens of milliseconds for a million lines). The log only grows,
 * so what a byte range holds, and the line number of each of its bytes, never change once written.
 *
 * <p>Only one thread may use a raw log; close it when done.
 */
public final class RawLog implements Closeable {
  private static final int RECORDS_PER_READ = 4096;
  private static final int COPY_BUFFER = 256 * 1024;

  private final OutputLog log;
  private final long lastSeq;
  private final Map<StdStream, FileChannel> files = new EnumMap<>(StdStream.class);
  private FileChannel index;
  private Summary summary;

  RawLog(OutputLog log, long lastSeq) {
    this.log = log;
    this.lastSeq = lastSeq;
  }

  /** The last chunk this log includes. */
  public long lastSeq() {
    return lastSeq;
  }

  /**
   * How many bytes and lines the log holds. A last line without its newline counts as a line.
   *
   * @param size bytes
   * @param lines lines, as a viewer splitting the bytes at each newline would count them
   */
  public record Summary(long size, long lines) {}

  public Summary summary() {
    if (summary == null) {
      var cursor = new Cursor();
      while (cursor.next()) {
        // only the last chunk matters: the cursor has counted everything before it
      }
      long lines = cursor.seq == 0 ? 0 : cursor.newlinesBefore + 1; // ended or not, it is a line
      summary = new Summary(cursor.start + cursor.length, lines);
    }
    return summary;
  }

  /**
   * The line (from 1) that holds byte {@code position}; at the end of the log, the line a next byte
   * would be on.
   */
  public long lineAt(long position) {
    var cursor = new Cursor();
    while (cursor.next()) {
      if (cursor.start + cursor.length > position) {
        return cursor.newlinesBefore + 1;
      }
    }
    return cursor.newlinesBefore + (cursor.seq > 0 && cursor.eol ? 1 : 0) + 1;
  }

  /**
   * A stretch of the log that one stream wrote without the other in between.
   *
   * @param start the first byte's position in the log
   * @param end the position after the last byte
   * @param firstLine the line (from 1) holding the first byte
   * @param lastLine the line holding the last byte
   */
  public record Stretch(long start, long end, long firstLine, long lastLine) {}

  /**
   * The stretches {@code stream} wrote that overlap bytes {@code [from, to)}, each as long as the
   * stream kept writing (adjacent chunks of one stream are one stretch), in order.
   */
  public List<Stretch> stretches(StdStream stream, long from, long to) {
    var found = new ArrayList<Stretch>();
    var cursor = new Cursor();
    long start = -1;
    long firstLine = 0;
    long end = 0;
    long lastLine = 0;
    while (cursor.next() && cursor.start < to) {
      if (cursor.stream != stream || cursor.length == 0) {
        continue;
      }
      long recordEnd = cursor.start + cursor.length;
      if (recordEnd <= from) {
        continue;
      }
      if (start < 0 || cursor.start != end) {
        if (start >= 0) {
          found.add(new Stretch(start, end, firstLine, lastLine));
        }
        start = cursor.start;
        firstLine = cursor.newlinesBefore + 1;
      }
      end = recordEnd;
      // A chunk ending its line ends with the newline, which belongs to the line it ends.
      lastLine = cursor.newlinesBefore + 1;
    }
    if (start >= 0) {
      found.add(new Stretch(start, end, firstLine, lastLine));
    }
    return found;
  }

  /**
   * Writes bytes {@code [from, to)} of the log. A run of chunks of one stream lies in one piece of
   * its file, so it is copied as that piece, in large reads, never chunk by chunk.
   */
  public void copyTo(OutputStream out, long from, long to) throws IOException {
    var cursor = new Cursor();
    var buffer = ByteBuffer.allocate(COPY_BUFFER);
    StdStream pieceStream = null;
    long pieceOffset = 0;
    long pieceLength = 0;
    while (cursor.next() && cursor.start < to) {
      long recordEnd = cursor.start + cursor.length;
      if (recordEnd <= from) {
        continue;
      }
      long skip = Math.max(0, from - cursor.start);
      long take = Math.min(recordEnd, to) - cursor.start - skip;
      long offset = cursor.offset + skip;
      if (pieceStream == cursor.stream && pieceOffset + pieceLength == offset) {
        pieceLength += take;
      } else {
        copyPiece(out, buffer, pieceStream, pieceOffset, pieceLength);
        pieceStream = cursor.stream;
        pieceOffset = offset;
        pieceLength = take;
      }
    }
    copyPiece(out, buffer, pieceStream, pieceOffset, pieceLength);
  }

  private void copyPiece(
      OutputStream out, ByteBuffer buffer, StdStream stream, long offset, long length)
      throws IOException {
    if (stream == null || length == 0) {
      return;
    }
    FileChannel file = files.get(stream);
    if (file == null) {
      file = FileChannel.open(log.file(stream));
      files.put(stream, file);
    }
    long at = offset;
    long end = offset + length;
    while (at < end) {
      buffer.clear().limit((int) Math.min(buffer.capacity(), end - at));
      OutputLog.readFully(file, buffer, at);
      out.write(buffer.array(), 0, buffer.position());
      at += buffer.position();
    }
  }

  @Override
  public void close() {
    try {
      if (index != null) {
        index.close();
      }
      for (FileChannel file : files.values()) {
        file.close();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private FileChannel index() throws IOException {
    if (index == null) {
      index = FileChannel.open(log.directory().resolve(OutputLog.INDEX_FILE));
    }
    return index;
  }

  /**
   * Walks the index from chunk 1 to {@link #lastSeq}, in large reads, keeping where each chunk
   * starts in the log and how many newlines come before it.
   */
  private final class Cursor {
    private final ByteBuffer records =
        ByteBuffer.allocate(IndexRecord.SIZE * RECORDS_PER_READ).limit(0);
    long seq;
    StdStream stream;
    boolean eol;
    int length;
    long offset;
    long start;
    long newlinesBefore;

    boolean next() {
      if (seq >= lastSeq) {
        return false;
      }
      if (!records.hasRemaining()) {
        read();
      }
      if (seq > 0) {
        start += length;
        newlinesBefore += eol ? 1 : 0;
      }
      IndexRecord record = IndexRecord.decode(records);
      seq++;
      stream = record.stream();
      eol = record.eol();
      length = record.length();
      offset = record.offset();
      return true;
    }

    private void read() {
      int count = (int) Math.min(RECORDS_PER_READ, lastSeq - seq);
      records.clear().limit(count * IndexRecord.SIZE);
      try {
        OutputLog.readFully(index(), records, seq * IndexRecord.SIZE);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the output in " + log.directory(), e);
      }
      records.flip();
    }
  }
}
