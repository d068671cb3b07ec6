package dev.pushbutton.run;

import dev.pushbutton.output.Directive;
import dev.pushbutton.output.OutputChunk;
import dev.pushbutton.output.OutputListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Reads the directive lines in a run's output as they go by and keeps the run's {@link RunReport}
 * current. A job may print progress thousands of times a second, so the report is recorded (and
 * announced to viewers) at most every {@link #INTERVAL_NANOS}; the last word is always recorded
 * when the run ends.
 */
final class ReportTracker implements OutputListener {
  private static final long INTERVAL_NANOS = 250_000_000L;

  private final OutputListener next;
  private final Function<String, RunReport> recorded;
  private final BiConsumer<String, RunReport> record;
  private final Map<String, Tracked> runs = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().daemon().name("run-reports").factory());

  /**
   * @param next told of every chunk after the report is updated
   * @param recorded the report a run already has (after a restart, it goes on from there)
   * @param record stores and announces a new report
   */
  ReportTracker(
      OutputListener next,
      Function<String, RunReport> recorded,
      BiConsumer<String, RunReport> record) {
    this.next = next;
    this.recorded = recorded;
    this.record = record;
  }

  @Override
  public void onOutput(String runId, List<OutputChunk> chunks) {
    Tracked tracked = null;
    for (OutputChunk chunk : chunks) {
      if (chunk.eol() && chunk.bytes().length > 2 && chunk.bytes()[0] == ':') {
        var directive = Directive.of(chunk.text());
        if (directive.isPresent()) {
          tracked = tracked == null ? runs.computeIfAbsent(runId, this::load) : tracked;
          tracked.apply(chunk.seq(), directive.get());
        }
      }
    }
    if (tracked != null) {
      flushWhenDue(runId, tracked);
    }
    next.onOutput(runId, chunks);
  }

  /** Records the report now if the interval has passed, or once it has (if nothing newer comes). */
  private void flushWhenDue(String runId, Tracked tracked) {
    long wait = tracked.nanosUntilDue();
    if (wait <= 0) {
      RunReport report = tracked.flush();
      if (report != null) {
        record.accept(runId, report);
      }
    } else if (tracked.scheduleOnce()) {
      timer.schedule(() -> flushWhenDue(runId, tracked), wait, TimeUnit.NANOSECONDS);
    }
  }

  /** The run has ended: its latest report, not yet recorded, if any. Forgets the run. */
  RunReport finish(String runId) {
    Tracked tracked = runs.remove(runId);
    return tracked == null ? null : tracked.flush();
  }

  private Tracked load(String runId) {
    return new Tracked(recorded.apply(runId));
  }

  /**
   * One run's report as its output goes by: changed by its tailer, flushed by either it or the
   * timer.
   */
  private static final class Tracked {
    private String status;
    private Double progress;
    private final List<RunReport.Note> notes;
    private boolean dirty;
    private boolean scheduled;
    private long flushedAt = System.nanoTime() - INTERVAL_NANOS;

    Tracked(RunReport start) {
      status = start.status();
      progress = start.progress();
      notes = new ArrayList<>(start.notes());
    }

    synchronized void apply(long seq, Directive directive) {
      switch (directive) {
        case Directive.Status s -> status = s.text();
        case Directive.Progress p -> progress = p.percent();
        case Directive.Note n -> {
          if (notes.size() < RunReport.MAX_NOTES) {
            notes.add(new RunReport.Note(seq, n.level(), n.text()));
          }
        }
      }
      dirty = true;
    }

    synchronized long nanosUntilDue() {
      return flushedAt + INTERVAL_NANOS - System.nanoTime();
    }

    /**
     * True for the one caller that should schedule a flush; false while one is already scheduled.
     */
    synchronized boolean scheduleOnce() {
      if (scheduled) {
        return false;
      }
      scheduled = true;
      return true;
    }

    /** The report to record, or null when nothing changed since the last one. */
    synchronized RunReport flush() {
      scheduled = false;
      if (!dirty) {
        return null;
      }
      dirty = false;
      flushedAt = System.nanoTime();
      return new RunReport(status, progress, notes);
    }
  }
}
