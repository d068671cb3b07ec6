package dev.pushbutton.live;

import dev.pushbutton.api.RunView;
import dev.pushbutton.run.Run;
import dev.pushbutton.run.RunListener;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every run's changes, for pages that list runs (the catalog, the history) and update them live.
 * Keeps the latest changes in a small ring; a listener that falls behind it just reloads its list.
 */
public final class RunChanges implements RunListener {
  private static final int CAPACITY = 1024;

  private final JsonMapper json;
  private final Change[] ring = new Change[CAPACITY];
  private long last;
  private volatile CompletableFuture<Void> changed = new CompletableFuture<>();

  public RunChanges(JsonMapper json) {
    this.json = json;
  }

  @Override
  public void onRunChanged(Run run) {
    byte[] frame = SseFrames.state(json.writeValueAsString(RunView.of(run)));
    synchronized (this) {
      last++;
      ring[(int) (last % CAPACITY)] = new Change(run.jobId(), frame);
    }
    CompletableFuture<Void> done = changed;
    changed = new CompletableFuture<>();
    done.complete(null);
  }

  synchronized long last() {
    return last;
  }

  CompletableFuture<Void> changed() {
    return changed;
  }

  /**
   * The changes after number {@code after}, and the number of the last one; {@code changes} is null
   * when some of them are no longer kept.
   */
  synchronized Batch after(long after) {
    if (last - after > CAPACITY) {
      return new Batch(null, last);
    }
    var frames = new ArrayList<Change>();
    for (long n = after + 1; n <= last; n++) {
      frames.add(ring[(int) (n % CAPACITY)]);
    }
    return new Batch(frames, last);
  }

  record Batch(List<Change> changes, long last) {}

  /** One run's change: its job (to show it only to those who may see that job) and its event. */
  record Change(String jobId, byte[] frame) {}
}
