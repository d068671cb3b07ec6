package dev.pushbutton.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushbutton.run.Run;
import dev.pushbutton.run.RunState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Every change reaches every listener of {@code /api/events} at once, whoever made it when. */
class RunChangesTests {
  private static final int WRITERS = 16;
  private static final int ROUNDS = 4000;
  private static final int LISTENERS = 8;

  private final RunChanges changes = new RunChanges(JsonMapper.builder().build());

  @Test
  void changesMadeAtTheSameInstantFromManyThreadsAllReachEveryListenerWithinASecond()
      throws Exception {
    var seen = new AtomicLong[LISTENERS];
    var listeners = new ArrayList<Thread>();
    for (int i = 0; i < LISTENERS; i++) {
      AtomicLong mine = seen[i] = new AtomicLong();
      // As RunChangesController listens, with a wait far longer than the test allows: a listener
      // that is not woken by a change fails the test rather than catching up at its heartbeat.
      listeners.add(
          Thread.ofPlatform()
              .start(() -> {
                try {
                  long at = changes.last();
                  while (true) {
                    RunChanges.Batch batch = changes.await(at, Duration.ofSeconds(30));
                    if (batch.ended()) {
                      return;
                    }
                    at = batch.last();
                    mine.set(at);
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }));
    }
    var together = new CyclicBarrier(WRITERS);
    var writers = new ArrayList<Thread>();
    for (int w = 0; w < WRITERS; w++) {
      writers.add(
          Thread.ofPlatform()
              .start(() -> {
                try {
                  for (int round = 0; round < ROUNDS; round++) {
                    together.await(); // every writer's change of a round at the same instant
                    changes.onRunChanged(aRun());
                  }
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              }));
    }
    for (Thread writer : writers) {
      writer.join();
    }
    long total = (long) WRITERS * ROUNDS;
    assertThat(changes.last()).isEqualTo(total);

    long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
    List<Long> behind = behind(seen, total);
    while (!behind.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(5);
      behind = behind(seen, total);
    }
    changes.close();
    for (Thread listener : listeners) {
      listener.join(5_000);
    }
    assertThat(behind).as("what each listener had seen a second after the last change").isEmpty();
  }

  @Test
  void closingEndsEveryWaitAtOnce() throws Exception {
    var ended = new AtomicLong(-1);
    Thread listener =
        Thread.ofPlatform()
            .start(() -> {
              try {
                long start = System.nanoTime();
                if (changes.await(0, Duration.ofSeconds(30)).ended()) {
                  ended.set((System.nanoTime() - start) / 1_000_000);
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    Thread.sleep(100);
    changes.close();
    listener.join(5_000);
    assertThat(ended.get()).isBetween(0L, 5_000L);
    assertThat(changes.await(0, Duration.ofSeconds(30)).ended()).isTrue();
  }

  private static List<Long> behind(AtomicLong[] seen, long total) {
    var behind = new ArrayList<Long>();
    for (AtomicLong s : seen) {
      if (s.get() != total) {
        behind.add(s.get());
      }
    }
    return behind;
  }

  private static Run aRun() {
    return Run.created("run", "job", RunState.QUEUED, Map.of(), Instant.EPOCH, "olga");
  }
}
