package dev.pushbutton.output;

import java.util.Arrays;

/**
 * The bytes of a line not yet cut into a chunk; bounded, since a chunk never exceeds the chunk
 * limit. It starts small and grows as a long line needs: most runs never hold a partial line.
 */
final class LineBuffer {
  private final int capacity;
  private byte[] bytes;
  private int size;

  LineBuffer(int initial, int capacity) {
    this.capacity = capacity;
    this.bytes = new byte[Math.min(initial, capacity)];
  }

  int size() {
    return size;
  }

  byte[] bytes() {
    return bytes;
  }

  void append(byte[] from, int offset, int length) {
    if (size + length > bytes.length) {
      if (size + length > capacity) {
        throw new IllegalStateException("a line buffer holds at most " + capacity + " bytes");
      }
      bytes = Arrays.copyOf(bytes, Math.min(capacity, Math.max(bytes.length * 2, size + length)));
    }
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
