package dev.pushbutton.live;

import dev.pushbutton.api.RunView;
import dev.pushbutton.output.OutputChunk;
import dev.pushbutton.output.OutputReader;
import dev.pushbutton.output.OutputStore;
import dev.pushbutton.run.Run;
import dev.pushbutton.run.RunState;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;

/**
 * One viewer's stream of a run: its current state, then every output event after the one it already
 * has, then live events as they come, then the final state. Runs on the viewer's own (virtual)
 * request thread.
 */
final class RunEventStream {
  private static final int MAX_WRITE = 256 * 1024;
  private static final int LOG_CHUNKS_PER_READ = 512;

  private final RunFeeds feeds;
  private final OutputStore outputs;
  private final JsonMapper json;
  private final Duration heartbeat;

  RunEventStream(RunFeeds feeds, OutputStore outputs, JsonMapper json, Duration heartbeat) {
    this.feeds = feeds;
    this.outputs = outputs;
    this.json = json;
    this.heartbeat = heartbeat;
  }

  /**
   * Streams until the run has ended and everything was sent; an IOException means the viewer left.
   */
  void stream(Run run, long afterSeq, OutputStream out) throws IOException {
    RunFeed feed = feeds.attach(run);
    if (feed != null) {
      feed.joined();
    }
    OutputReader reader = null;
    var encoder = new SseFrames.Encoder();
    long sent = afterSeq;
    Run current = feed == null ? run : feed.state();
    // A final state is sent only after all output: clients may stop reading when they see it.
    RunState stateSent = null;
    if (!current.state().isTerminal()) {
      stateSent = current.state();
      out.write(stateFrame(current));
    }
    out.flush();
    try {
      while (true) {
        var changed = feed == null ? null : feed.changed();
        // Read the state before the output: a final state is only set after the last output is out.
        current = feed == null ? current : feed.state();
        List<byte[]> frames = feed == null ? null : feed.after(sent, MAX_WRITE);
        if (frames == null) {
          if (reader == null || reader.position() != sent) {
            closeQuietly(reader);
            reader = outputs.reader(run.id(), sent);
          }
          List<OutputChunk> chunks = reader.next(LOG_CHUNKS_PER_READ);
          for (OutputChunk chunk : chunks) {
            out.write(encoder.encode(chunk));
          }
          sent = reader.position();
          frames = chunks.isEmpty() ? List.of() : null;
        } else {
          for (byte[] frame : frames) {
            out.write(frame);
          }
          sent += frames.size();
        }
        if (frames == null || !frames.isEmpty()) {
          out.flush();
          if (feed != null && frames != null) {
            linger(feed.lingerNanos());
          }
          continue;
        }
        if (current.state() != stateSent) {
          stateSent = current.state();
          out.write(stateFrame(current));
          out.flush();
        }
        if (current.state().isTerminal()) {
          return;
        }
        SseResponse.awaitOrHeartbeat(changed, heartbeat, out);
      }
    } finally {
      closeQuietly(reader);
      if (feed != null) {
        feed.left();
      }
    }
  }

  private static void linger(long nanos) throws IOException {
    if (nanos > 0) {
      try {
        Thread.sleep(Duration.ofNanos(nanos));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
    }
  }

  private byte[] stateFrame(Run run) {
    return SseFrames.state(json.writeValueAsString(RunView.of(run)));
  }

  private static void closeQuietly(OutputReader reader) {
    if (reader != null) {
      reader.close();
    }
  }
}
