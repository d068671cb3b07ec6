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
  private static final int RECORDS_PER_READ = 32 * 1024;
  // Where IndexRecord puts each field: read in place, a chunk at a time, with no object per chunk.
  private static final int STREAM_AT = 0;
  private static final int EOL_AT = 1;
  private static final int LENGTH_AT = 4;
  private static final int OFFSET_AT = 8;
  private static final StdStream[] STREAMS = StdStream.values();
  private static final int COPY_BUFFER = 256 * 1024;

  private final OutputLog log;
  private final long lastSeq;
  private final Map<StdStream, FileChannel> files = new EnumMap<>(StdStream.class);
  private FileChannel index;
  private Summary summary;
  private long newlines; // in the whole log: known with the summary

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
      // One tight loop over the records in place: this read comes before the first byte of a
      // viewer's first request, and such a loop is fast even before the JIT has warmed up to it.
      long size = 0;
      boolean ended = true;
      var records = ByteBuffer.allocate(IndexRecord.SIZE * RECORDS_PER_READ);
      for (long done = 0; done < lastSeq; ) {
        int count = (int) Math.min(RECORDS_PER_READ, lastSeq - done);
        readRecords(records, done, count);
        done += count;
        int end = count * IndexRecord.SIZE;
        for (int at = 0; at < end; at += IndexRecord.SIZE) {
          size += records.getInt(at + LENGTH_AT);
          newlines += records.get(at + EOL_AT);
        }
        ended = records.get(end - IndexRecord.SIZE + EOL_AT) == 1;
      }
      summary = new Summary(size, newlines + (ended ? 0 : 1)); // an unended last line is a line
    }
    return summary;
  }

  /**
   * The line (from 1) that holds byte {@code position}; at the end of the log, the line a next byte
   * would be on.
   */
  public long lineAt(long position) {
    return locate(position).newlinesBefore() + 1;
  }

  /**
   * Where a chunk starts: its sequence number less one (the number of chunks before it), its first
   * byte's position in the log, and the newlines before it.
   */
  private record Position(long chunksBefore, long start, long newlinesBefore) {
    static final Position START = new Position(0, 0, 0);
  }

  /**
   * The chunk holding byte {@code position} (the end when the log is shorter). A position in the
   * second half of the log is found from the end, backwards, with the totals of {@link #summary()}:
   * a viewer asks for the end of a log first, so that read is a short one.
   */
  private Position locate(long position) {
    if (position == 0) {
      return Position.START;
    }
    if (position < summary().size() / 2) {
      var cursor = new Cursor(Position.START);
      while (cursor.next()) {
        if (cursor.start + cursor.length > position) {
          return new Position(cursor.seq - 1, cursor.start, cursor.newlinesBefore);
        }
      }
    }
    long end = summary().size();
    long newlinesFrom = 0; // in the chunks from the one looked at to the last
    var records = ByteBuffer.allocate(IndexRecord.SIZE * RECORDS_PER_READ);
    for (long below = lastSeq; below > 0; ) {
      int count = (int) Math.min(RECORDS_PER_READ, below);
      below -= count;
      readRecords(records, below, count);
      for (int k = count - 1; k >= 0; k--) {
        int at = k * IndexRecord.SIZE;
        long start = end - records.getInt(at + LENGTH_AT);
        newlinesFrom += records.get(at + EOL_AT) == 1 ? 1 : 0;
        if (start <= position) {
          return new Position(below + k, start, newlines - newlinesFrom);
        }
        end = start;
      }
    }
    return Position.START;
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
    var cursor = new Cursor(Position.START);
    long start = -1; // of the stretch being followed; -1 when none
    long firstLine = 0;
    long end = 0;
    long lastLine = 0;
    while (cursor.next()) {
      boolean continues = cursor.stream == stream && start >= 0 && cursor.start == end;
      if (start >= 0 && !continues && cursor.length > 0) {
        if (end > from) {
          found.add(new Stretch(start, end, firstLine, lastLine));
        }
        start = -1;
      }
      if (start < 0 && cursor.start >= to) {
        break; // a stretch that began inside the window is followed to its end, no further
      }
      if (cursor.stream != stream || cursor.length == 0) {
        continue;
      }
      if (start < 0) {
        start = cursor.start;
        firstLine = cursor.newlinesBefore + 1;
      }
      end = cursor.start + cursor.length;
      // A chunk holds no newline but its last byte, which belongs to the line it ends.
      lastLine = cursor.newlinesBefore + 1;
    }
    if (start >= 0 && end > from) {
      found.add(new Stretch(start, end, firstLine, lastLine));
    }
    return found;
  }

  /**
   * Writes bytes {@code [from, to)} of the log. A run of chunks of one stream lies in one piece of
   * its file, so it is copied as that piece, in large reads, never chunk by chunk.
   */
  public void copyTo(OutputStream out, long from, long to) throws IOException {
    var cursor = new Cursor(locate(from));
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

  private void readRecords(ByteBuffer records, long chunksBefore, int count) {
    records.clear().limit(count * IndexRecord.SIZE);
    try {
      OutputLog.readFully(index(), records, chunksBefore * IndexRecord.SIZE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the output in " + log.directory(), e);
    }
  }

  /**
   * Walks the index forwards from a chunk to {@link #lastSeq}, in large reads, keeping where each
   * chunk starts in the log and how many newlines come before it.
   */
  private final class Cursor {
    private final ByteBuffer records = ByteBuffer.allocate(IndexRecord.SIZE * RECORDS_PER_READ);
    private int at;
    private int end;
    long seq;
    StdStream stream;
    boolean eol;
    int length;
    long offset;
    long start;
    long newlinesBefore;

    Cursor(Position from) {
      seq = from.chunksBefore();
      start = from.start();
      newlinesBefore = from.newlinesBefore();
    }

    boolean next() {
      if (seq >= lastSeq) {
        return false;
      }
      if (at == end) {
        int count = (int) Math.min(RECORDS_PER_READ, lastSeq - seq);
        readRecords(records, seq, count);
        at = 0;
        end = count * IndexRecord.SIZE;
      }
      if (stream != null) {
        start += length;
        newlinesBefore += eol ? 1 : 0;
      }
      stream = STREAMS[records.get(at + STREAM_AT)];
      eol = records.get(at + EOL_AT) == 1;
      length = records.getInt(at + LENGTH_AT);
      offset = records.getLong(at + OFFSET_AT);
      at += IndexRecord.SIZE;
      seq++;
      return true;
    }
  }
}
