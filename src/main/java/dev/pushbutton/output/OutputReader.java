package dev.pushbutton.output;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a run's committed chunks in sequence order, from any point. Stream bytes are read in large
 * blocks: a stream's chunks are contiguous in its file, so replaying a whole log is a sequential
 * read.
 */
public final class OutputReader implements Closeable {
  private static final int BLOCK = 256 * 1024;
  private static final int RECORDS_PER_READ = 1024;

  private final OutputLog log;
  private FileChannel index;
  private final Map<StdStream, StreamBlock> streams = new EnumMap<>(StdStream.class);
  private ByteBuffer records; // allocated with the files: a reader that finds nothing costs little
  private long position;
  private long lastReadAtMicros;
  private Instant lastReadAt;

  OutputReader(OutputLog log, long afterSeq) {
    this.log = log;
    this.position = Math.max(0, afterSeq);
  }

  /** Files are opened on first need: a run that never wrote anything may have none. */
  private void openFiles() throws IOException {
    if (index == null) {
      records = ByteBuffer.allocate(IndexRecord.SIZE * RECORDS_PER_READ);
      index = FileChannel.open(log.directory().resolve(OutputLog.INDEX_FILE));
      for (StdStream stream : StdStream.values()) {
        streams.put(stream, new StreamBlock(FileChannel.open(log.file(stream))));
      }
    }
  }

  /** The sequence number of the last chunk handed out. */
  public long position() {
    return position;
  }

  /** Up to {@code max} chunks after the last one read; empty when the reader has caught up. */
  public List<OutputChunk> next(int max) {
    long available = log.lastSeq() - position;
    int count = (int) Math.min(Math.min(max, available), RECORDS_PER_READ);
    if (count <= 0) {
      return List.of();
    }
    try {
      openFiles();
      records.clear().limit(count * IndexRecord.SIZE);
      OutputLog.readFully(index, records, position * IndexRecord.SIZE);
      records.flip();
      var chunks = new ArrayList<OutputChunk>(count);
      for (int i = 0; i < count; i++) {
        IndexRecord record = IndexRecord.decode(records);
        byte[] bytes = streams.get(record.stream()).read(record.offset(), record.length());
        if (record.readAtMicros() != lastReadAtMicros || lastReadAt == null) {
          // The chunks of one read share it: one Instant for them all, which also makes the
          // encoder's comparisons of read times identity checks.
          lastReadAtMicros = record.readAtMicros();
          lastReadAt = IndexRecord.instant(lastReadAtMicros);
        }
        chunks.add(new OutputChunk(++position, record.stream(), bytes, record.eol(), lastReadAt));
      }
      return chunks;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the output in " + log.directory(), e);
    }
  }

  /** The last chunk this reader can see now. */
  public long lastSeq() {
    return log.lastSeq();
  }

  @Override
  public void close() {
    if (index == null) {
      return;
    }
    try (FileChannel openIndex = index) {
      for (StreamBlock block : streams.values()) {
        block.channel.close();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A read-ahead window over one stream file. */
  private static final class StreamBlock {
    final FileChannel channel;
    final ByteBuffer block = ByteBuffer.allocate(BLOCK);
    long blockStart = -1;

    StreamBlock(FileChannel channel) {
      this.channel = channel;
      block.limit(0);
    }

    byte[] read(long offset, int length) throws IOException {
      byte[] bytes = new byte[length];
      if (blockStart < 0 || offset < blockStart || offset + length > blockStart + block.limit()) {
        if (length > BLOCK) {
          OutputLog.readFully(channel, ByteBuffer.wrap(bytes), offset);
          return bytes;
        }
        block.clear();
        blockStart = offset;
        long at = offset;
        while (block.position() < length) {
          int n = channel.read(block, at);
          if (n < 0) {
            throw new IOException("the output file ends before offset " + (offset + length));
          }
          at += n;
        }
        block.flip();
      }
      block.get((int) (offset - blockStart), bytes);
      return bytes;
    }
  }
}
