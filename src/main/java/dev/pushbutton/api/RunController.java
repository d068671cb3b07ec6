package dev.pushbutton.api;

import dev.pushbutton.catalog.InvalidParameterException;
import dev.pushbutton.run.Run;
import dev.pushbutton.run.RunApprovals;
import dev.pushbutton.run.RunQuery;
import dev.pushbutton.run.RunService;
import dev.pushbutton.run.RunState;
import dev.pushbutton.run.RunStop;
import dev.pushbutton.security.JobAccess;
import dev.pushbutton.security.User;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Run history, one run, killing it, and approving or rejecting it ({@link RunLogController} serves
 * its log).
 */
@RestController
@RequestMapping("/api/runs")
class RunController {
  static final int MAX_LIMIT = 500;

  private final RunService runs;
  private final RunApprovals approvals;
  private final JobAccess access;

  RunController(RunService runs, RunApprovals approvals, JobAccess access) {
    this.runs = runs;
    this.approvals = approvals;
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
            "'state' must be one of "
                + Arrays.stream(RunState.values())
                    .map(RunState::apiName)
                    .collect(Collectors.joining(", "))
                + ".");
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
   * Stops a run. Answers 202 with the run, what the stop did and a sentence saying so: a run that
   * nothing on this server can signal is answered as such, not as a stop under way.
   */
  @PostMapping("/{runId}/kill")
  ResponseEntity<StopView> kill(@PathVariable String runId, User user) {
    access.runToKill(user, runId);
    RunStop stop = runs.kill(runId, user.username());
    return ResponseEntity.status(HttpStatus.ACCEPTED)
        .body(StopView.of(stop, runs.catalog().job(stop.run().jobId()).orElse(null)));
  }

  /**
   * Approves a run that awaits approval; once enough people have, it goes on as any new run does.
   * Answers with the run as the approval left it.
   */
  @PostMapping("/{runId}/approve")
  RunView approve(
      @PathVariable String runId,
      @RequestBody(required = false) Map<String, Object> body,
      User user) {
    access.runToDecide(user, runId);
    return RunView.of(approvals.approve(runId, user.username(), DecisionRequest.comment(body)));
  }

  /** Rejects a run that awaits approval: it ends {@code rejected}, never started. */
  @PostMapping("/{runId}/reject")
  RunView reject(
      @PathVariable String runId,
      @RequestBody(required = false) Map<String, Object> body,
      User user) {
    access.runToDecide(user, runId);
    return RunView.of(approvals.reject(runId, user.username(), DecisionRequest.comment(body)));
  }

  /** Who approved or rejected the run, oldest first; empty for a run nobody decided on. */
  @GetMapping("/{runId}/approvals")
  List<DecisionView> decisions(@PathVariable String runId, User user) {
    Run run = access.run(user, runId);
    return approvals.decisions(run.id()).stream().map(DecisionView::of).toList();
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
