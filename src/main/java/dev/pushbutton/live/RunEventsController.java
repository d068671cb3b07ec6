package dev.pushbutton.live;

import dev.pushbutton.output.OutputStore;
import dev.pushbutton.run.Run;
import dev.pushbutton.security.CurrentUser;
import dev.pushbutton.security.JobAccess;
import dev.pushbutton.security.User;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /api/runs/{runId}/events}: the run's output and state as Server-Sent Events. After the
 * headers, the stream goes asynchronous and non-blocking: no thread is held while the viewer stays
 * (see {@link LiveViewer}).
 */
@RestController
class RunEventsController {
  private final RunFeeds feeds;
  private final OutputStore outputs;
  private final JsonMapper json;
  private final LiveViewers viewers;
  private final JobAccess access;

  RunEventsController(
      RunFeeds feeds, OutputStore outputs, JsonMapper json, LiveViewers viewers, JobAccess access) {
    this.feeds = feeds;
    this.outputs = outputs;
    this.json = json;
    this.viewers = viewers;
    this.access = access;
  }

  @GetMapping("/api/runs/{runId}/events")
  void events(
      @PathVariable String runId,
      @RequestHeader(value = "Last-Event-ID", required = false) String lastEventId,
      @RequestParam(value = "after", required = false) String after,
      User user,
      CurrentUser current,
      HttpServletRequest request,
      HttpServletResponse response)
      throws IOException {
    // A run the viewer may not see is answered exactly as one that does not exist.
    Optional<Run> run = access.findRun(user, runId);
    if (run.isEmpty()) {
      error(response, HttpServletResponse.SC_NOT_FOUND, "There is no run '" + runId + "'.", null);
      return;
    }
    Long resumeAfter = resumePoint(lastEventId, after);
    if (resumeAfter == null) {
      error(
          response,
          HttpServletResponse.SC_BAD_REQUEST,
          "'after' and Last-Event-ID must be a whole number of 0 or more.",
          "after");
      return;
    }
    try {
      OutputStream out = SseResponse.open(response);
      out.flush(); // the headers go out through every wrapper before the stream turns asynchronous
    } catch (IOException viewerLeft) {
      return; // gone before the stream began: nothing to answer
    }
    if (SseResponse.headersOnly(request)) {
      return;
    }
    AsyncContext context = request.startAsync();
    context.setTimeout(0); // a viewer may watch for as long as the run lasts
    RunFeed feed = feeds.attach(run.get());
    String jobId = run.get().jobId();
    new LiveViewer(
            run.get(),
            resumeAfter,
            feed,
            outputs,
            json,
            viewers,
            context,
            () -> current.now().filter(now -> access.mayView(now, jobId)).isPresent())
        .start();
  }

  /** Last-Event-ID wins over {@code ?after=}; neither means from the start. Null when malformed. */
  private static Long resumePoint(String lastEventId, String after) {
    String given = lastEventId != null && !lastEventId.isBlank() ? lastEventId : after;
    if (given == null || given.isBlank()) {
      return 0L;
    }
    try {
      long value = Long.parseLong(given.trim());
      return value < 0 ? null : value;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private void error(HttpServletResponse response, int status, String message, String field)
      throws IOException {
    response.setStatus(status);
    response.setContentType("application/json");
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    var body = new java.util.LinkedHashMap<String, String>();
    body.put("error", message);
    if (field != null) {
      body.put("field", field);
    }
    response.getOutputStream().write(json.writeValueAsBytes(body));
  }
}
