package dev.pushbutton.bench;

import java.time.Instant;

/**
 * Wall-clock nanoseconds, comparable with what a job on the same machine prints (CLOCK_REALTIME).
 */
final class Clocks {
  private Clocks() {}

  static long epochNanos() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }
}
