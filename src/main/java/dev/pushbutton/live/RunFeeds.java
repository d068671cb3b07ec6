package dev.pushbutton.live;

import dev.pushbutton.output.OutputChunk;
import dev.pushbutton.output.OutputListener;
import dev.pushbutton.run.Run;
import dev.pushbutton.run.RunListener;
import dev.pushbutton.run.RunRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The feed of every active run: fed by the engine, read by viewers, dropped when the run ends. */
public final class RunFeeds implements OutputListener, RunListener {
  private final Map<String, RunFeed> feeds = new ConcurrentHashMap<>();
  private final RunRepository runs;

  public RunFeeds(RunRepository runs) {
    this.runs = runs;
  }

  @Override
  public void onOutput(String runId, List<OutputChunk> chunks) {
    RunFeed feed = feeds.computeIfAbsent(runId, id -> new RunFeed());
    if (feed.viewers() == 0) {
      // Most runs are never watched live: encoding their every line would only make garbage.
      feed.skipTo(chunks.getLast().seq());
      return;
    }
    feed.append(encode(chunks));
  }

  /**
   * The events of one read's chunks, in one array: a read of many lines goes out as a few {@code
   * lines} events, as a backlog does, so that a viewer keeps up with a job that floods.
   */
  private static List<RunFeed.Event> encode(List<OutputChunk> chunks) {
    long size = 0;
    for (OutputChunk chunk : chunks) {
      size += chunk.bytes().length;
    }
    var buffer = new FrameBuffer((int) Math.min(Integer.MAX_VALUE - 16, size + size / 4 + 256));
    var ends = new ArrayList<EventEnd>();
    new SseFrames.Encoder()
        .encodeAll(chunks, buffer, (first, last, end) -> ends.add(new EventEnd(first, last, end)));
    // The buffer may have grown while encoding: slice its final array.
    byte[] bytes = buffer.array();
    var events = new ArrayList<RunFeed.Event>(ends.size());
    int start = 0;
    for (EventEnd end : ends) {
      events.add(new RunFeed.Event(end.firstSeq(), end.lastSeq(), bytes, start, end.end() - start));
      start = end.end();
    }
    return events;
  }

  private record EventEnd(long firstSeq, long lastSeq, int end) {}

  @Override
  public void onRunChanged(Run run) {
    if (run.state().isTerminal()) {
      RunFeed feed = feeds.remove(run.id());
      if (feed != null) {
        feed.state(run); // viewers holding it see the end after the last output
      }
    } else {
      feeds.computeIfAbsent(run.id(), id -> new RunFeed()).state(run);
    }
  }

  /**
   * The feed a new viewer of an active run follows, or null when the run has already ended (its
   * whole output is in the log then).
   */
  RunFeed attach(Run run) {
    if (run.state().isTerminal()) {
      return null;
    }
    RunFeed feed = feeds.computeIfAbsent(run.id(), id -> new RunFeed());
    // The run may have ended between the caller's read and now; look again so the feed cannot wait
    // forever.
    Run fresh = runs.find(run.id()).orElse(run);
    if (fresh.state().isTerminal()) {
      feeds.remove(run.id(), feed);
    }
    feed.state(fresh);
    return feed;
  }
}
