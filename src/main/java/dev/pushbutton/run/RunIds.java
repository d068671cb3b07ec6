package dev.pushbutton.run;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;

/**
 * Run ids are UUIDv7 (RFC 9562): unique without coordination between nodes, and their text sorts by
 * creation time, so "newest first" and "before this run" are plain id comparisons.
 */
final class RunIds {
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  RunIds(Clock clock) {
    this.clock = clock;
  }

  String next() {
    long millis = clock.millis();
    long randA = random.nextInt(1 << 12);
    long msb = (millis << 16) | (0x7L << 12) | randA;
    long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb).toString();
  }
}
