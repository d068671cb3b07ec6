package dev.pushbutton.live;

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
 * {@code GET /api/events}: every run's state changes as Server-Sent Events ({@code event: state},
 * the run as data), from the moment of connecting. A listener that fell too far behind gets {@code
 * event: reload} and should fetch its list again.
 */
@RestController
class RunChangesController {
  private static final byte[] RELOAD =
      "event: reload\ndata: {}\n\n".getBytes(StandardCharsets.UTF_8);

  private final RunChanges changes;
  private final Duration heartbeat;

  RunChangesController(
      RunChanges changes, @Value("${pushbutton.heartbeat:15s}") Duration heartbeat) {
    this.changes = changes;
    this.heartbeat = heartbeat;
  }

  @GetMapping("/api/events")
  void events(HttpServletResponse response) throws IOException {
    OutputStream out = SseResponse.open(response);
    try {
      out.flush();
      long seen = changes.last();
      while (true) {
        var changed = changes.changed();
        RunChanges.Batch batch = changes.after(seen);
        List<byte[]> frames = batch.frames();
        seen = batch.last();
        if (frames == null) {
          out.write(RELOAD);
        } else {
          for (byte[] frame : frames) {
            out.write(frame);
          }
        }
        if (frames == null || !frames.isEmpty()) {
          out.flush();
          continue;
        }
        SseResponse.awaitOrHeartbeat(changed, heartbeat, out);
      }
    } catch (IOException viewerLeft) {
      // the page was closed
    }
  }
}
