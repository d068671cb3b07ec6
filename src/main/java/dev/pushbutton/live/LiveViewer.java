package dev.pushbutton.live;

import dev.pushbutton.api.ReportView;
import dev.pushbutton.api.RunView;
import dev.pushbutton.output.OutputChunk;
import dev.pushbutton.output.OutputReader;
import dev.pushbutton.output.OutputStore;
import dev.pushbutton.run.Run;
import dev.pushbutton.run.RunReport;
import dev.pushbutton.run.RunState;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * One viewer's stream of a run: its current state, then every output event after the one it already
 * has, then live events as they come, then the final state, after which the stream ends.
 *
 * <p>The connection is written without blocking and no thread waits for it. Whoever has news calls
 * {@link #pump}: the feed's {@link Broadcaster} each round, the container when a full connection
 * drains, the heartbeat timer. One pump at a time writes; a pump called while another runs makes
 * that one look again before it stops, so no news is ever missed.
 *
 * <p>A broadcaster's pump only writes the round's shared block, so that a round costs one write per
 * viewer. A viewer the block does not fit (it joined late, or fell behind while its connection was
 * full) is handed to a virtual thread that catches it up from the feed's ring or the log.
 */
final class LiveViewer implements WriteListener, AsyncListener {
  private static final Logger LOG = LoggerFactory.getLogger(LiveViewer.class);
  private static final int MAX_WRITE = 256 * 1024;
  private static final int LOG_CHUNKS_PER_READ = 256;

  // Answers of next() besides bytes to write; compared by identity.
  private static final Slice NOTHING = new Slice(new byte[0], 0, 0);
  private static final Slice NEXT_ROUND = new Slice(new byte[0], 0, 0);
  private static final Slice CATCH_UP = new Slice(new byte[0], 0, 0);

  private final Run run;
  private final RunFeed feed; // null when the run had ended before the viewer came
  private final OutputStore outputs;
  private final JsonMapper json;
  private final LiveViewers registry;
  private final AsyncContext context;
  private final ServletOutputStream out;
  private final AtomicInteger pumps = new AtomicInteger();
  private final AtomicBoolean gone = new AtomicBoolean();
  // Held around each write, and by a completion from outside the pump (a failed connection).
  private final Object writing = new Object();
  private final BooleanSupplier allowed;

  /** The stream is to end: the viewer may no longer watch, or the server is stopping. */
  private volatile boolean ending;

  private volatile boolean heartbeatDue;
  private volatile long lastWriteNanos = System.nanoTime();
  // What has been written so far, for the broadcaster to skip viewers with no news.
  private volatile long sentSeq = -1;
  private volatile RunState sentState;
  private volatile RunReport sentReport;

  // Only touched by the one running pump.
  private long sent;
  private boolean greeted;
  private RunState stateSent;
  private RunReport reportSent;
  private boolean finished;
  private Slice pending; // due, but the connection was full
  private OutputReader reader;
  private final SseFrames.Encoder encoder = new SseFrames.Encoder();

  LiveViewer(
      Run run,
      long afterSeq,
      RunFeed feed,
      OutputStore outputs,
      JsonMapper json,
      LiveViewers registry,
      AsyncContext context,
      BooleanSupplier allowed)
      throws IOException {
    this.allowed = allowed;
    this.run = run;
    this.sent = afterSeq;
    this.feed = feed;
    this.outputs = outputs;
    this.json = json;
    this.registry = registry;
    this.context = context;
    this.out = context.getResponse().getOutputStream();
  }

  /** Joins the feed and starts writing; from here on, the container and the feed drive it. */
  void start() {
    context.addListener(this);
    // Non-blocking from here on; the container calls onWritePossible once it can write. Only then
    // may the broadcaster or the timer pump: a blocking write on their thread would hold up others.
    out.setWriteListener(this);
    registry.add(this);
    if (feed != null) {
      feed.broadcaster().add(this);
    }
  }

  /**
   * Whether this viewer may not yet have been sent the output up to {@code newest}, the state
   * {@code state} or the report {@code report}: a cheap look, without pumping, that lets a round
   * skip the viewers with no news. A report is compared by identity first; an equal copy (each
   * viewer that joins puts a fresh read of the run in the feed) is no news. It errs towards yes.
   */
  boolean lacks(long newest, RunState state, RunReport report) {
    return sentSeq < newest
        || (state != null && sentState != state)
        || (report != null && sentReport != report && !report.equals(sentReport))
        || heartbeatDue;
  }

  /**
   * Writes whatever is due for as long as the connection takes it.
   *
   * @param broadcasting whether the caller is a broadcast round, which writes only the round's
   *     block and never waits for the log
   */
  void pump(boolean broadcasting) {
    if (pumps.getAndIncrement() != 0) {
      return; // the running pump looks again before it stops
    }
    int missed = 1;
    while (true) {
      if (!drain(broadcasting)) {
        // Hand the rest to a thread of its own. Any pump asked for meanwhile is covered by it.
        pumps.set(0);
        Thread.ofVirtual().name("pushbutton-catch-up").start(() -> pump(false));
        return;
      }
      missed = pumps.addAndGet(-missed);
      if (missed == 0) {
        return;
      }
    }
  }

  /**
   * Writes until nothing is due or the connection is full (the container calls back when it
   * drains). False when the viewer needs catching up and this thread may not do it.
   */
  private boolean drain(boolean broadcasting) {
    try {
      while (true) {
        if (gone.get()) {
          closeReader();
          return true;
        }
        if (ending) {
          end();
          return true;
        }
        // What is due is found before asking the connection whether it takes more: asking costs,
        // and a viewer with nothing due (most, in a round) need not ask at all.
        if (pending == null) {
          if (finished) { // and the final state written
            synchronized (writing) {
              if (gone.get()) {
                continue;
              }
              if (!out.isReady()) {
                return true;
              }
              context.complete();
            }
            leave();
            continue;
          }
          Slice next = next(broadcasting);
          if (next == CATCH_UP) {
            return false;
          }
          if (next == NOTHING || next == NEXT_ROUND) {
            return true;
          }
          pending = next;
        }
        synchronized (writing) {
          if (gone.get()) {
            continue; // completed from outside meanwhile: the response may serve another request
          }
          if (!out.isReady()) {
            return true; // the container calls onWritePossible when it does; pending waits
          }
          Slice next = pending;
          pending = null;
          out.write(next.bytes(), next.offset(), next.length());
          // What the connection did not take is held by the container until it can; flushing
          // then is not allowed, and not needed.
          if (out.isReady()) {
            out.flush();
          }
        }
        lastWriteNanos = System.nanoTime();
        heartbeatDue = false; // anything written keeps the connection alive
        sentSeq = sent;
        sentState = stateSent;
        if (sentReport != reportSent) {
          sentReport = reportSent; // rarely changes: no fence for it on every write
        }
      }
    } catch (IOException viewerLeft) {
      end();
      return true;
    } catch (IllegalStateException e) {
      // The container says the stream was used wrongly or has ended: stop rather than loop.
      LOG.warn("run {}: the stream to a viewer ended early: {}", run.id(), e.toString());
      end();
      return true;
    } catch (RuntimeException e) {
      // Reading the log failed, say: end this stream (the viewer reconnects and resumes) rather
      // than leave it waiting on a pump that will never come.
      LOG.warn("run {}: a viewer's stream failed", run.id(), e);
      end();
      return true;
    }
  }

  /** Ends the stream from our side. */
  private void end() {
    leave();
    closeReader();
    complete();
  }

  private void complete() {
    try {
      context.complete();
    } catch (IllegalStateException alreadyOver) {
      // the container ended it first
    }
  }

  /**
   * The next bytes due, or one of the answers {@link #NOTHING}, {@link #NEXT_ROUND}, {@link
   * #CATCH_UP}.
   */
  private Slice next(boolean broadcasting) {
    // Read the state before the output: a final state is only set after the last output is out.
    Run current = feed == null ? run : feed.state();
    if (!greeted) {
      greeted = true;
      if (!current.state().isTerminal()) {
        stateSent = current.state();
        reportSent = current.report();
        return stateFrame(current);
      }
    }
    Slice output;
    if (feed == null) {
      output = broadcasting ? CATCH_UP : fromLog();
    } else {
      output = fromFeed(broadcasting);
      if (output == CATCH_UP && !broadcasting) {
        output = fromLog();
      } else if (output != CATCH_UP && reader != null) {
        // Back on the feed: the reader's files and read-ahead blocks (half a megabyte) would
        // otherwise stay with the viewer for as long as it watches.
        closeReader();
      }
    }
    if (output == CATCH_UP || output == NEXT_ROUND || output.length() > 0) {
      return output;
    }
    if (current.state() != stateSent) {
      stateSent = current.state();
      reportSent = current.report();
      finished = stateSent.isTerminal(); // clients may stop reading when they see a final state
      return stateFrame(current);
    }
    if (current.report() != reportSent) {
      // The job printed a directive: its headline moves without waiting for a change of state.
      boolean changed = !current.report().equals(reportSent);
      reportSent = current.report();
      if (changed) {
        return reportFrame(current.report());
      }
      sentReport = reportSent; // an equal copy (a fresh read of the run): nothing to send for it
    }
    if (heartbeatDue) {
      heartbeatDue = false;
      return whole(SseFrames.HEARTBEAT);
    }
    return NOTHING;
  }

  /**
   * The events after {@link #sent} from the feed: the rest of the round's block when it holds the
   * next one, otherwise (unless broadcasting) from the ring. {@link #NOTHING} when caught up;
   * {@link #CATCH_UP} when only the log has them, or when a broadcaster finds this viewer behind.
   */
  private Slice fromFeed(boolean broadcasting) {
    RunFeed.Block block = feed.broadcaster().latest();
    int offset = block == null ? -1 : block.offsetOf(sent + 1); // one look, on every round's path
    if (offset >= 0) {
      sent = block.to();
      return new Slice(block.bytes(), offset, block.end() - offset);
    }
    if (broadcasting) {
      if (sent >= feed.newest()) {
        return NOTHING;
      }
      boolean ahead = block != null && sent >= block.to();
      // Events newer than the block come with the next round, which is due: they woke it.
      return ahead && feed.holds(sent + 1) ? NEXT_ROUND : CATCH_UP;
    }
    RunFeed.Block rest = feed.after(sent, MAX_WRITE);
    if (rest == null) {
      return CATCH_UP;
    }
    if (rest.isEmpty()) {
      return NOTHING;
    }
    sent = rest.to();
    return new Slice(rest.bytes(), rest.offset(), rest.length());
  }

  /** The events after {@link #sent} from the log, a large write's worth; empty when caught up. */
  private Slice fromLog() {
    if (reader == null || reader.position() != sent) {
      closeReader();
      reader = outputs.reader(run.id(), sent);
    }
    // A write's worth of the log, in as few events as the encoder can make of it.
    var chunks = new ArrayList<OutputChunk>();
    long bytes = 0;
    while (bytes < MAX_WRITE) {
      List<OutputChunk> read = reader.next(LOG_CHUNKS_PER_READ);
      if (read.isEmpty()) {
        break;
      }
      chunks.addAll(read);
      for (OutputChunk chunk : read) {
        bytes += chunk.bytes().length;
      }
    }
    if (chunks.isEmpty()) {
      closeReader(); // caught up: what comes next comes from the feed
      return NOTHING;
    }
    var joined = new FrameBuffer((int) (bytes * 5 / 4) + 1024); // text plus framing
    encoder.encodeAll(chunks, joined);
    sent = reader.position();
    return new Slice(joined.array(), 0, joined.size());
  }

  /**
   * Asks again whether the viewer may still watch (their token revoked, say, or they left the job's
   * groups), and ends the stream if not. Called off the stream's threads; the pump ends it.
   */
  void recheck() {
    if (!gone.get() && !allowed.getAsBoolean()) {
      ending = true;
      pump(false);
    }
  }

  /**
   * Ends the stream at once: the server is stopping. The viewer reconnects (to this server once it
   * is back, or to another node) and resumes after the last event it got; nothing is lost.
   */
  void endNow() {
    ending = true;
    pump(false);
  }

  /** Asks for a heartbeat comment if nothing was written for {@code idleNanos}. */
  void heartbeatIfIdle(long now, long idleNanos) {
    if (now - lastWriteNanos >= idleNanos) {
      heartbeatDue = true;
      pump(true);
    }
  }

  private Slice stateFrame(Run state) {
    return whole(SseFrames.state(json.writeValueAsString(RunView.of(state))));
  }

  private Slice reportFrame(RunReport report) {
    return whole(SseFrames.report(json.writeValueAsString(ReportView.of(report))));
  }

  private static Slice whole(byte[] bytes) {
    return new Slice(bytes, 0, bytes.length);
  }

  /** The viewer is done or gone: nobody pumps for it again. */
  private void leave() {
    if (gone.compareAndSet(false, true)) {
      if (feed != null) {
        feed.broadcaster().remove(this);
      }
      registry.remove(this);
    }
  }

  private void closeReader() {
    if (reader != null) {
      reader.close();
      reader = null;
    }
  }

  @Override
  public void onWritePossible() {
    pump(false);
  }

  @Override
  public void onError(Throwable t) {
    failed(); // a write failed
  }

  @Override
  public void onComplete(AsyncEvent event) {
    gone();
  }

  @Override
  public void onTimeout(AsyncEvent event) {
    failed();
  }

  @Override
  public void onError(AsyncEvent event) {
    failed(); // the viewer went away (a reset, say)
  }

  @Override
  public void onStartAsync(AsyncEvent event) {
    // not restarted
  }

  /** The connection ended from outside: leave, and let the pump release the log. */
  private void gone() {
    leave();
    pump(false);
  }

  /**
   * The stream failed from outside: leave, and complete the request. Otherwise the container keeps
   * it (with its buffers) waiting for a timeout an event stream does not have, or dispatches the
   * error to the error page, which cannot answer an event stream and logged a stack trace.
   */
  private void failed() {
    gone();
    // Not while a pump on another thread writes: once complete, Tomcat recycles the response for
    // another request, and a write still going would land in that one's answer.
    synchronized (writing) {
      complete();
    }
  }

  /** Part of an array to write. */
  private record Slice(byte[] bytes, int offset, int length) {}
}
