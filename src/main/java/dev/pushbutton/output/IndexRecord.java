package dev.pushbutton.output;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * One chunk's entry in a run's index file: fixed size, so the record for sequence number N sits at
 * {@code (N - 1) * SIZE} and any point of the log can be found without a scan.
 */
record IndexRecord(StdStream stream, boolean eol, int length, long offset, long readAtMicros) {
  static final int SIZE = 24;
  private static final StdStream[] STREAMS = StdStream.values();

  void encode(ByteBuffer into) {
    into.put((byte) stream.ordinal());
    into.put((byte) (eol ? 1 : 0));
    into.putShort((short) 0);
    into.putInt(length);
    into.putLong(offset);
    into.putLong(readAtMicros);
  }

  static IndexRecord decode(ByteBuffer from) {
    StdStream stream = STREAMS[from.get()];
    boolean eol = from.get() == 1;
    from.getShort();
    int length = from.getInt();
    long offset = from.getLong();
    return new IndexRecord(stream, eol, length, offset, from.getLong());
  }

  /** A read time as the index keeps it: microseconds since the epoch. */
  static long micros(Instant time) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, time);
  }

  /** A read time the index kept, back as an instant. */
  static Instant instant(long micros) {
    return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
  }
}
