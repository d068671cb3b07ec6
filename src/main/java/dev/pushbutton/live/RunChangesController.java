package dev.pushbutton.live;

import dev.pushbutton.security.CurrentUser;
import dev.pushbutton.security.JobAccess;
import dev.pushbutton.security.User;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/events}: the state changes of every run the viewer may see, as Server-Sent Events
 * ({@code event: state}, the run as data), from the moment of connecting. A listener that fell too
 * far behind gets {@code event: reload} and should fetch its list again. Who the viewer is, and so
 * which jobs they may see, is asked again every {@code pushbutton.security.recheck}; a viewer who
 * may no longer act at all has the stream ended.
 */
@RestController
class RunChangesController {
  private static final byte[] RELOAD =
      "event: reload\ndata: {}\n\n".getBytes(StandardCharsets.UTF_8);

  private final RunChanges changes;
  private final JobAccess access;
  private final Duration heartbeat;
  private final Duration recheck;

  RunChangesController(
      RunChanges changes,
      JobAccess access,
      @Value("${pushbutton.heartbeat:15s}") Duration heartbeat,
      @Value("${pushbutton.security.recheck:30s}") Duration recheck) {
    this.changes = changes;
    this.access = access;
    this.heartbeat = heartbeat;
    this.recheck = recheck;
  }

  @GetMapping("/api/events")
  void events(
      User user, CurrentUser current, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    OutputStream out = SseResponse.open(response);
    if (SseResponse.headersOnly(request)) {
      return;
    }
    User viewer = user;
    // Asked twice per recheck (answers are kept a quarter of it at most): a viewer whose session
    // ended, or whose rights changed, loses the stream within one recheck.
    Duration every = recheck.dividedBy(2);
    long nextCheck = System.nanoTime() + every.toNanos();
    Duration wait = shorter(heartbeat, every);
    try {
      out.flush();
      long seen = changes.last();
      while (true) {
        if (System.nanoTime() - nextCheck >= 0) {
          viewer = current.now().orElse(null);
          if (viewer == null) {
            return; // signed out for good: end the stream
          }
          nextCheck = System.nanoTime() + every.toNanos();
        }
        RunChanges.Batch batch = changes.await(seen, wait);
        if (batch.ended()) {
          return; // the server is stopping: the page reconnects, to it or to another node
        }
        List<RunChanges.Change> news = batch.changes();
        seen = batch.last();
        if (news == null) {
          out.write(RELOAD);
          out.flush();
          continue;
        }
        boolean wrote = false;
        for (RunChanges.Change change : news) {
          if (access.mayView(viewer, change.jobId())) {
            out.write(change.frame());
            wrote = true;
          }
        }
        if (news.isEmpty()) {
          out.write(SseFrames.HEARTBEAT); // nothing came for a while: keep proxies from closing
          wrote = true;
        }
        if (wrote) {
          out.flush();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the server is stopping
    } catch (IOException viewerLeft) {
      // the page was closed
    }
  }

  private static Duration shorter(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
