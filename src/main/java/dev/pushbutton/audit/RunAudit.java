package dev.pushbutton.audit;

import dev.pushbutton.run.Run;
import dev.pushbutton.run.RunEvent;
import dev.pushbutton.run.RunEventListener;
import dev.pushbutton.run.RunState;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What people did with runs, and what came of it, from the events the engine already tells (on the
 * thread that made the change, so a request's client address is still there to record). Parameters
 * come as the run stores them, secrets already {@code ***}.
 */
final class RunAudit implements RunEventListener {
  private final AuditTrail trail;

  RunAudit(AuditTrail trail) {
    this.trail = trail;
  }

  @Override
  public void onRunEvent(RunEvent event) {
    Run run = event.run();
    switch (event) {
      case RunEvent.RunRequested requested -> {
        Map<String, Object> details = about(run);
        details.put("params", run.params());
        if (run.reason() != null) {
          details.put("reason", run.reason());
        }
        details.put("state", run.state().apiName());
        trail.record(run.startedBy(), AuditAction.RUN_REQUESTED, run.id(), details);
      }
      case RunEvent.RunStarted started -> {
        Map<String, Object> details = about(run);
        details.put("requestedBy", run.startedBy());
        details.put("pid", run.pid());
        trail.record(AuditTrail.SERVER, AuditAction.RUN_STARTED, run.id(), details);
      }
      case RunEvent.RunStopRequested stopped -> {
        Map<String, Object> details = about(run);
        details.put("requestedBy", run.startedBy());
        details.put("why", stopWords(run, stopped.by()));
        trail.record(actor(stopped.by()), AuditAction.RUN_STOPPED, run.id(), details);
      }
      case RunEvent.RunApproved approved -> {
        Map<String, Object> details = about(run);
        details.put("requestedBy", run.startedBy());
        if (approved.comment() != null) {
          details.put("comment", approved.comment());
        }
        details.put("state", run.state().apiName());
        trail.record(approved.by(), AuditAction.RUN_APPROVED, run.id(), details);
      }
      case RunEvent.RunRejected rejected -> {
        Map<String, Object> details = about(run);
        details.put("requestedBy", run.startedBy());
        if (rejected.comment() != null) {
          details.put("comment", rejected.comment());
        }
        if (rejected.by() == null) {
          details.put("why", run.error() != null ? run.error() : "no approval in time");
        }
        trail.record(actor(rejected.by()), AuditAction.RUN_REJECTED, run.id(), details);
      }
    }
  }

  private static Map<String, Object> about(Run run) {
    var details = new LinkedHashMap<String, Object>();
    details.put("job", run.jobId());
    return details;
  }

  /** Who did it: a person, or the server itself (a time limit, an approval that never came). */
  private static String actor(String by) {
    return by == null ? AuditTrail.SERVER : by;
  }

  private static String stopWords(Run run, String by) {
    if (run.state() == RunState.KILLED && run.error() != null) {
      return run.error(); // stopped before it started: "stopped while waiting in line" and the like
    }
    return by == null ? "its time limit ran out" : "asked to stop";
  }
}
