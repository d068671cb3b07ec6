package dev.pushbutton.output;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * One chunk's entry in a run's index file: fixed size, so the record for sequence number N sits at
 * {@code (N - 1) * SIZE} and any point of the log can be found without a scan.
 */
record IndexRecord(StdStream stream, boolean eol, int length, long offset, Instant readAt) {
  static final int SIZE = 24;

  void encode(ByteBuffer into) {
    into.put((byte) stream.ordinal());
    into.put((byte) (eol ? 1 : 0));
    into.putShort((short) 0);
    into.putInt(length);
    into.putLong(offset);
    into.putLong(ChronoUnit.MICROS.between(Instant.EPOCH, readAt));
  }

  static IndexRecord decode(ByteBuffer from) {
    StdStream stream = StdStream.values()[from.get()];
    boolean eol = from.get() == 1;
    from.getShort();
    int length = from.getInt();
    long offset = from.getLong();
    Instant readAt = Instant.EPOCH.plus(from.getLong(), ChronoUnit.MICROS);
    return new IndexRecord(stream, eol, length, offset, readAt);
  }
}
