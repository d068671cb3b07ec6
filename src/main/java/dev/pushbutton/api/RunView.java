package dev.pushbutton.api;

import dev.pushbutton.run.Run;
import dev.pushbutton.run.RunReport;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A run as the API and the event stream show it: states in lower case, times as ISO-8601 instants.
 */
public record RunView(
    String id,
    String jobId,
    String state,
    Integer exitCode,
    Map<String, String> params,
    String createdAt,
    String startedAt,
    String finishedAt,
    String error,
    String status,
    Double progress,
    List<RunReport.Note> notes,
    String startedBy,
    String killedBy,
    String reason) {

  public static RunView of(Run run) {
    return new RunView(
        run.id(),
        run.jobId(),
        run.state().apiName(),
        run.exitCode(),
        run.params(),
        text(run.createdAt()),
        text(run.startedAt()),
        text(run.finishedAt()),
        run.error(),
        run.report().status(),
        run.report().progress(),
        run.report().notes(),
        run.startedBy(),
        run.killedBy(),
        run.reason());
  }

  private static String text(Instant at) {
    return at == null ? null : at.toString();
  }
}
