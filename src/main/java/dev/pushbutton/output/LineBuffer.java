package dev.pushbutton.output;

import java.util.Arrays;

/**
 * The bytes of a line not yet cut into a chunk; bounded, since a chunk never exceeds the chunk
 * limit.
 */
final class LineBuffer {
  private final byte[] bytes;
  private int size;

  LineBuffer(int capacity) {
    this.bytes = new byte[capacity];
  }

  int size() {
    return size;
  }

  byte[] bytes() {
    return bytes;
  }

  void append(byte[] from, int offset, int length) {
    System.arraycopy(from, offset, bytes, size, length);
    size += length;
  }

  /** Removes and returns the first {@code length} bytes, keeping the rest for the next chunk. */
  byte[] take(int length) {
    byte[] taken = Arrays.copyOf(bytes, length);
    System.arraycopy(bytes, length, bytes, 0, size - length);
    size -= length;
    return taken;
  }
}
