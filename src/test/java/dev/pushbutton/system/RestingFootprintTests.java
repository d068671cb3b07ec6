package dev.pushbutton.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** When the server gives memory back: once per quiet stretch, never while it works. */
class RestingFootprintTests {
  private static final long SECOND = 1_000_000_000L;

  private long now;
  private long cpu;
  private final AtomicInteger compactions = new AtomicInteger();
  private final RestingFootprint footprint =
      new RestingFootprint(
          Duration.ofSeconds(30), () -> cpu, () -> now, compactions::incrementAndGet);

  /** Five seconds pass, the server using this much processor time. */
  private void fiveSeconds(double cpuSeconds) {
    now += 5 * SECOND;
    cpu += (long) (cpuSeconds * SECOND);
    footprint.look();
  }

  @Test
  void givesMemoryBackOnceAfterThirtyQuietSecondsAndNotAgainUntilItWorked() {
    fiveSeconds(4); // the start
    for (int i = 0; i < 5; i++) {
      fiveSeconds(0.01);
    }
    assertThat(compactions).hasValue(0); // quiet for 25 s
    fiveSeconds(0.01);
    assertThat(compactions).hasValue(1);
    for (int i = 0; i < 100; i++) {
      fiveSeconds(0.01);
    }
    assertThat(compactions).as("once per quiet stretch").hasValue(1);

    fiveSeconds(2); // someone runs a job
    for (int i = 0; i < 6; i++) {
      fiveSeconds(0.01);
    }
    assertThat(compactions).hasValue(2);
  }

  @Test
  void aServerThatKeepsWorkingNowAndThenIsNotCompactedBetweenItsBursts() {
    for (int i = 0; i < 50; i++) {
      fiveSeconds(0.5); // a run every five seconds
      fiveSeconds(0.01);
      fiveSeconds(0.01);
    }
    assertThat(compactions).hasValue(0);
  }
}
