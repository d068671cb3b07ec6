package dev.pushbutton.bench;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Latencies recorded into fixed buckets of {@link #RESOLUTION_NANOS}, so ten million samples from
 * ten thousand threads cost a few hundred kilobytes and no locks.
 */
final class Stats {
  static final long RESOLUTION_NANOS = 50_000; // 50 µs
  private static final int BUCKETS = 400_000; // up to 20 s

  private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

  void record(long nanos) {
    int bucket = (int) Math.min(BUCKETS - 1, Math.max(0, nanos / RESOLUTION_NANOS));
    counts.incrementAndGet(bucket);
  }

  long count() {
    long total = 0;
    for (int i = 0; i < BUCKETS; i++) {
      total += counts.get(i);
    }
    return total;
  }

  /** The value at quantile {@code q} (0..1), in milliseconds, to the bucket's upper edge. */
  double percentileMillis(double q) {
    long total = count();
    if (total == 0) {
      return Double.NaN;
    }
    long rank = (long) Math.ceil(q * total);
    long seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
      seen += counts.get(i);
      if (seen >= rank) {
        return (i + 1) * RESOLUTION_NANOS / 1e6;
      }
    }
    return BUCKETS * RESOLUTION_NANOS / 1e6;
  }

  /** Exact percentiles of a small sample, in milliseconds. */
  static double percentileMillis(long[] nanos, double q) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    int index = (int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
    return sorted[index] / 1e6;
  }

  /** The middle of a small sample (of an odd number of values). */
  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
