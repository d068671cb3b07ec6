package dev.pushbutton.api;

import dev.pushbutton.catalog.BoundParameters;
import dev.pushbutton.catalog.Job;
import dev.pushbutton.catalog.ParamSpec;
import java.util.List;

/**
 * A job as the API shows it: what a form needs to ask for its parameters. The command and
 * environment stay on the server; they may hold what users should not see.
 *
 * @param reason whether a run must say why it is started: {@code required}, {@code optional} or
 *     {@code none}
 * @param approval who must approve a run before it starts; null when nobody need
 */
public record JobView(
    String id,
    String name,
    String description,
    String group,
    String concurrency,
    Integer maxParallel,
    Long timeoutSeconds,
    long killGraceSeconds,
    boolean tty,
    String confirm,
    List<ParamView> params,
    String reason,
    ApprovalView approval,
    boolean canRun) {

  /**
   * Who must approve a run before it starts.
   *
   * @param count how many different people must approve
   * @param timeoutSeconds how long a run waits for them before it is rejected
   */
  public record ApprovalView(List<String> groups, int count, long timeoutSeconds) {}

  public record ParamView(
      String name,
      String label,
      String type,
      boolean required,
      String defaultValue,
      String help,
      String pattern,
      String patternMessage,
      Integer minLength,
      Integer maxLength,
      Long min,
      Long max,
      List<String> choices) {

    static ParamView of(ParamSpec spec) {
      String shownDefault =
          spec.secret() && spec.defaultValue() != null ? BoundParameters.MASK : spec.defaultValue();
      return new ParamView(
          spec.name(),
          spec.label(),
          spec.type().yamlName(),
          spec.required(),
          shownDefault,
          spec.help(),
          spec.patternText(),
          spec.patternMessage(),
          spec.minLength(),
          spec.maxLength(),
          spec.min(),
          spec.max(),
          spec.choices().isEmpty() ? null : spec.choices());
    }
  }

  /**
   * @param canRun whether the caller may start runs of it (and kill them)
   */
  public static JobView of(Job job, boolean canRun) {
    return new JobView(
        job.id(),
        job.name(),
        job.description(),
        job.group(),
        job.concurrency().yamlName(),
        job.maxParallel() == 0 ? null : job.maxParallel(),
        job.timeout() == null ? null : job.timeout().toSeconds(),
        job.killGrace().toSeconds(),
        job.tty(),
        job.confirm(),
        job.params().stream().map(ParamView::of).toList(),
        job.reason().yamlName(),
        job.approval() == null
            ? null
            : new ApprovalView(
                job.approval().groups(),
                job.approval().count(),
                job.approval().timeout().toSeconds()),
        canRun);
  }
}
