package dev.pushbutton.output;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Objects;

/**
 * Replaces every occurrence of a run's secret values in one stream of its output by {@value #MASK},
 * as the bytes arrive in pieces of any size.
 *
 * <p>The mask is decided the same whatever the pieces: at each position the longest secret found
 * there wins, and a position is decided only once every secret is known to match there or not. So
 * the bytes at the end of a piece that could still begin a secret are held back until the next
 * piece (or {@link #finish}) says; a secret printed in two writes 300 ms apart is still masked, and
 * what {@link #feed} returns is always a prefix of what masking the whole stream at once would
 * give. That last property is what lets a restarted server mask the stream again from its start and
 * skip what it had already stored.
 *
 * <p>Not thread-safe: one per stream, used by the stream's tailer.
 */
public final class SecretMask {
  public static final String MASK = "***";
  private static final byte[] MASK_BYTES = MASK.getBytes(StandardCharsets.US_ASCII);

  /** The secrets' bytes, longest first, so the longest match at a position wins. */
  private final byte[][] secrets;

  /** Which bytes begin some secret: any other byte is passed on without a look at the secrets. */
  private final boolean[] first = new boolean[256];

  private byte[] held = new byte[0];

  /**
   * @param values the secret values; empty ones are ignored (the parameter binder refuses those too
   *     short to mask without garbling the log)
   */
  public SecretMask(Collection<String> values) {
    secrets =
        values.stream()
            .filter(Objects::nonNull)
            .filter(value -> !value.isEmpty())
            .distinct()
            .map(value -> value.getBytes(StandardCharsets.UTF_8))
            .sorted(Comparator.comparingInt((byte[] bytes) -> bytes.length).reversed())
            .toArray(byte[][]::new);
    for (byte[] secret : secrets) {
      first[secret[0] & 0xff] = true;
    }
  }

  /** Whether there is anything to mask at all. */
  public boolean isEmpty() {
    return secrets.length == 0;
  }

  /** The masked bytes that can be decided now, after {@code length} more bytes of the stream. */
  public byte[] feed(byte[] bytes, int offset, int length) {
    byte[] data;
    if (held.length == 0) {
      data = Arrays.copyOfRange(bytes, offset, offset + length);
    } else {
      data = Arrays.copyOf(held, held.length + length);
      System.arraycopy(bytes, offset, data, held.length, length);
    }
    return scan(data, false);
  }

  /** What is still held back, masked: the stream has ended. */
  public byte[] finish() {
    byte[] rest = held;
    held = new byte[0];
    return scan(rest, true);
  }

  private byte[] scan(byte[] data, boolean atEnd) {
    var out = new ByteArrayOutputStream(data.length);
    int i = 0;
    int plainFrom = 0;
    while (i < data.length) {
      if (!first[data[i] & 0xff]) {
        i++;
        continue;
      }
      int matched = 0;
      boolean undecided = false;
      for (byte[] secret : secrets) {
        int compare = Math.min(secret.length, data.length - i);
        if (Arrays.equals(data, i, i + compare, secret, 0, compare)) {
          if (compare == secret.length) {
            matched = secret.length;
            break;
          }
          if (!atEnd) {
            undecided = true; // a longer secret may still match once more bytes come
            break;
          }
        }
      }
      if (undecided) {
        out.write(data, plainFrom, i - plainFrom);
        held = Arrays.copyOfRange(data, i, data.length);
        return out.toByteArray();
      }
      if (matched > 0) {
        out.write(data, plainFrom, i - plainFrom);
        out.write(MASK_BYTES, 0, MASK_BYTES.length);
        i += matched;
        plainFrom = i;
      } else {
        i++;
      }
    }
    out.write(data, plainFrom, data.length - plainFrom);
    held = new byte[0];
    return out.toByteArray();
  }
}
