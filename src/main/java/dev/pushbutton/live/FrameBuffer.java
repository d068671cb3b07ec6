package dev.pushbutton.live;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Event bytes joined for one write: a growable array like {@code ByteArrayOutputStream}, without
 * its lock on every write (a backlog makes millions) or the copy its {@code toByteArray} makes.
 * Used by one thread.
 */
final class FrameBuffer {
  private byte[] bytes;
  private int size;

  FrameBuffer(int capacity) {
    bytes = new byte[Math.max(capacity, 64)];
  }

  void write(int b) {
    ensure(1);
    bytes[size++] = (byte) b;
  }

  void write(byte[] from) {
    write(from, 0, from.length);
  }

  void write(byte[] from, int offset, int length) {
    ensure(length);
    System.arraycopy(from, offset, bytes, size, length);
    size += length;
  }

  private void ensure(int more) {
    if (size + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
    }
  }

  int size() {
    return size;
  }

  /**
   * The array itself, its first {@link #size()} bytes the events: what is written from here on may
   * go to a new array, so take it when done.
   */
  byte[] array() {
    return bytes;
  }

  @Override
  public String toString() {
    return new String(bytes, 0, size, StandardCharsets.UTF_8);
  }
}
