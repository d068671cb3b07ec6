package dev.pushbutton.output;

/** Where a cut through UTF-8 bytes does not split a character. */
final class Utf8 {
  private Utf8() {}

  /**
   * The largest length up to {@code length} that does not end inside a multi-byte character, so a
   * chunk cut from a long or unfinished line still decodes cleanly. Invalid bytes are left to the
   * decoder.
   */
  static int boundary(byte[] bytes, int length) {
    for (int back = 1; back <= 3 && back <= length; back++) {
      int b = bytes[length - back] & 0xFF;
      if ((b & 0xC0) == 0x80) {
        continue; // a continuation byte: keep looking for its lead byte
      }
      int needed = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
      return needed > back && length - back > 0 ? length - back : length;
    }
    return length;
  }
}
