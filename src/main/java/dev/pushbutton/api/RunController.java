package dev.pushbutton.api;

import dev.pushbutton.catalog.InvalidParameterException;
import dev.pushbutton.output.OutputReader;
import dev.pushbutton.output.OutputStore;
import dev.pushbutton.run.RunQuery;
import dev.pushbutton.run.RunService;
import dev.pushbutton.run.RunState;
import dev.pushbutton.security.JobAccess;
import dev.pushbutton.security.User;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/** Run history, one run, its raw log, and killing it. */
@RestController
@RequestMapping("/api/runs")
class RunController {
  static final int MAX_LIMIT = 500;
  static final String LAST_SEQ_HEADER = "X-Pushbutton-Last-Seq";

  private final RunService runs;
  private final OutputStore outputs;
  private final JobAccess access;

  RunController(RunService runs, OutputStore outputs, JobAccess access) {
    this.runs = runs;
    this.outputs = outputs;
    this.access = access;
  }

  @GetMapping
  List<RunView> list(
      @RequestParam(required = false) String jobId,
      @RequestParam(required = false) String state,
      @RequestParam(required = false, defaultValue = "50") String limit,
      @RequestParam(required = false) String before,
      @RequestParam(required = false) String startedBy,
      User user) {
    RunState wanted = null;
    if (state != null && !state.isEmpty()) {
      wanted = RunState.fromApiName(state);
      if (wanted == null) {
        throw new InvalidParameterException(
            "state",
            "'state' must be one of queued, starting, running, succeeded, failed, killed, timed_out, lost.");
      }
    }
    int size;
    try {
      size = Integer.parseInt(limit);
    } catch (NumberFormatException e) {
      size = -1;
    }
    if (size < 1 || size > MAX_LIMIT) {
      throw new InvalidParameterException(
          "limit", "'limit' must be a whole number from 1 to " + MAX_LIMIT + ".");
    }
    var query =
        new RunQuery(
            blankToNull(jobId), wanted, size, blankToNull(before), blankToNull(startedBy), null);
    return access.history(user, query).stream().map(RunView::of).toList();
  }

  @GetMapping("/{runId}")
  RunView run(@PathVariable String runId, User user) {
    return RunView.of(access.run(user, runId));
  }

  /**
   * The whole output so far, byte for byte as the job wrote it, streamed (never held in memory).
   * The {@value #LAST_SEQ_HEADER} header names the last event included, so a viewer can load the
   * log and then follow the event stream from exactly there.
   */
  @GetMapping(value = "/{runId}/log", produces = MediaType.TEXT_PLAIN_VALUE)
  ResponseEntity<StreamingResponseBody> log(
      @PathVariable String runId, @RequestParam(required = false) String download, User user) {
    access.run(user, runId); // 404 when there is no such run, or none the caller may see
    OutputReader reader = outputs.reader(runId, 0);
    long lastSeq = reader.lastSeq();
    StreamingResponseBody body =
        (OutputStream out) -> {
          try (reader) {
            reader.copyRawTo(out, lastSeq);
          }
        };
    var response =
        ResponseEntity.ok()
            .contentType(new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8))
            .header(LAST_SEQ_HEADER, Long.toString(lastSeq))
            .header("Cache-Control", "no-store");
    if (download != null) {
      response.header(
          "Content-Disposition",
          ContentDisposition.attachment().filename("run-" + runId + ".log").build().toString());
    }
    return response.body(body);
  }

  @PostMapping("/{runId}/kill")
  ResponseEntity<RunView> kill(@PathVariable String runId, User user) {
    access.runToKill(user, runId);
    return ResponseEntity.status(HttpStatus.ACCEPTED)
        .body(RunView.of(runs.kill(runId, user.username())));
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
