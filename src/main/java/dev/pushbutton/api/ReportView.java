package dev.pushbutton.api;

import dev.pushbutton.run.RunReport;
import java.util.List;

/**
 * What a running job said about itself, as the event stream's {@code report} event carries it: the
 * same three fields a run shows as {@code status}, {@code progress} and {@code notes}.
 */
public record ReportView(String status, Double progress, List<RunReport.Note> notes) {
  public static ReportView of(RunReport report) {
    return new ReportView(report.status(), report.progress(), report.notes());
  }
}
