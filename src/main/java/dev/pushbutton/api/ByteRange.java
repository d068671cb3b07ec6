package dev.pushbutton.api;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One range of an HTTP {@code Range: bytes=...} header, resolved against the log's size: {@code
 * first-last}, {@code first-} or {@code -suffix} (RFC 9110, section 14.1.2).
 *
 * @param start the first byte
 * @param end the position after the last byte
 */
record ByteRange(long start, long end) {
  private static final Pattern SINGLE = Pattern.compile("bytes=(\\d*)-(\\d*)");

  /** What a request's Range header asks of a representation of {@code size} bytes. */
  sealed interface Request {}

  /** No header, or one this server does not take (several ranges, another unit): the whole log. */
  record Whole() implements Request {}

  /** A range the log cannot satisfy: 416. */
  record Unsatisfiable() implements Request {}

  record Part(ByteRange range) implements Request {}

  static Request of(String header, long size) {
    if (header == null) {
      return new Whole();
    }
    Matcher m = SINGLE.matcher(header.strip());
    // A header the server does not understand is ignored, as RFC 9110 allows.
    if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
      return new Whole();
    }
    try {
      if (m.group(1).isEmpty()) {
        long suffix = Long.parseLong(m.group(2));
        if (suffix == 0 || size == 0) {
          return new Unsatisfiable();
        }
        return new Part(new ByteRange(Math.max(0, size - suffix), size));
      }
      long first = Long.parseLong(m.group(1));
      long last = m.group(2).isEmpty() ? Long.MAX_VALUE : Long.parseLong(m.group(2));
      if (last < first) {
        return new Whole(); // an invalid range is ignored too
      }
      if (first >= size) {
        return new Unsatisfiable();
      }
      return new Part(new ByteRange(first, Math.min(last, size - 1) + 1));
    } catch (NumberFormatException e) {
      return new Whole(); // a number too large for a long
    }
  }

  long length() {
    return end - start;
  }

  /** The Content-Range header of a 206 answer. */
  String contentRange(long size) {
    return "bytes " + start + "-" + (end - 1) + "/" + size;
  }
}
