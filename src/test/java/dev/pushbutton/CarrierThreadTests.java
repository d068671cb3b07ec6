package dev.pushbutton;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No carrier thread is held by a slow database. On JDK 21 to 23 (which Pushbutton runs on), a
 * virtual thread that blocks inside {@code synchronized} pins the platform thread carrying it; a
 * lock held around a database call that waits out its busy timeout would then stall every request
 * and stream. JDK 24 and newer no longer pin there, so the JDK this suite runs on cannot show it:
 * instead every {@code synchronized} in the server is listed here with what it guards, and each
 * guards memory only (no database, file or blocking socket call inside). A lock held around I/O is
 * a {@code java.util.concurrent} lock ({@code RunService}'s, {@code AuditTrail}'s, {@code
 * RetryingRunRepository}'s writer).
 */
class CarrierThreadTests {
  private static final Pattern SYNCHRONIZED = Pattern.compile("\\bsynchronized\\b");

  /** Source file, and how many times it may say {@code synchronized}, each over memory only. */
  private static final Map<String, Integer> MEMORY_ONLY =
      Map.of(
          // The feed's ring of encoded events and its latest state.
          "live/RunFeed.java", 6,
          // Around a non-blocking write (the container's isReady/write) and complete().
          "live/LiveViewer.java", 3,
          // The map of changes waiting to be retried; the database is written under `writing`.
          "run/RetryingRunRepository.java", 7,
          // The process and stop reason; the kill itself runs on a thread of its own.
          "run/RunSupervisor.java", 3,
          // A run's status, progress and notes, recorded outside the lock.
          "run/ReportTracker.java", 4);

  @Test
  void everySynchronizedInTheServerGuardsMemoryOnly() throws IOException {
    Path main = Path.of("src/main/java/dev/pushbutton");
    var found = new TreeMap<String, Integer>();
    try (Stream<Path> files = Files.walk(main)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        long count =
            SYNCHRONIZED.matcher(withoutComments(Files.readString(file))).results().count();
        if (count > 0) {
          found.put(main.relativize(file).toString(), (int) count);
        }
      }
    }
    assertThat(found)
        .as(
            "a new synchronized (or one moved): is anything inside it a database, file or blocking"
                + " socket call? Then use a ReentrantLock; if not, list it here")
        .isEqualTo(new TreeMap<>(MEMORY_ONLY));
  }

  private static String withoutComments(String source) {
    return source.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\n]*", "");
  }
}
