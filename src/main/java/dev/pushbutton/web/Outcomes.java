package dev.pushbutton.web;

import dev.pushbutton.catalog.Job;
import dev.pushbutton.output.LastLine;
import dev.pushbutton.output.OutputStore;
import dev.pushbutton.output.StdStream;
import dev.pushbutton.run.Decision;
import dev.pushbutton.run.Run;
import dev.pushbutton.run.RunApprovals;
import dev.pushbutton.run.RunReport;
import dev.pushbutton.run.RunState;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Says how a finished run ended. A failure is explained by what the job itself said last: its last
 * {@code ::error::} note, else its last line on stderr, else its exit code in words.
 */
@Component
class Outcomes {
  private static final Pattern CANNOT_START =
      Pattern.compile("cannot start \"(.*)\": (No such file or directory|Permission denied)");
  private static final Pattern NO_WORKDIR =
      Pattern.compile("cannot start \".*\": working directory (.*): No such file or directory");
  private static final String[] SIGNALS = {
    null, "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2",
    "PIPE", "ALRM", "TERM"
  };

  private final OutputStore outputs;
  private final RunApprovals approvals;

  Outcomes(OutputStore outputs, RunApprovals approvals) {
    this.outputs = outputs;
    this.approvals = approvals;
  }

  /** Empty while the run has not ended. */
  Optional<Outcome> of(Run run, Job job) {
    if (!run.state().isTerminal()) {
      return Optional.empty();
    }
    return Optional.of(
        switch (run.state()) {
          case SUCCEEDED ->
              new Outcome(
                  "succeeded", "✓", "Finished successfully in " + took(run) + ".", code(run));
          case FAILED -> failed(run, () -> lastErrorLine(run));
          case KILLED -> stopped(run);
          case TIMED_OUT ->
              new Outcome(
                  "timed-out",
                  "◔",
                  "Stopped: it ran longer than "
                      + (job == null || job.timeout() == null
                          ? "its time limit."
                          : "its " + Words.duration(job.timeout()) + " limit."),
                  code(run));
          case LOST ->
              new Outcome(
                  "lost", "?", "Lost: the server could not learn how it ended.", run.error());
          case REJECTED -> rejected(run, approvals.decisions(run.id()));
          default -> throw new IllegalStateException("not a final state: " + run.state());
        });
  }

  /** A log that cannot be read costs the sentence its quote, never the page. */
  private Optional<String> lastErrorLine(Run run) {
    try {
      return LastLine.of(outputs, run.id(), StdStream.STDERR);
    } catch (RuntimeException unreadable) {
      return Optional.empty();
    }
  }

  /**
   * Whether the outcome's sentence already says the run's error, so the page need not repeat it.
   */
  static boolean says(Outcome outcome, Run run) {
    return run.error() != null
        && (outcome.sentence().contains(run.error())
            || run.error().equals(outcome.detail())
            || run.state() == RunState.REJECTED // its error is the sentence, in other case
            // "Cancelled by olga before it started." says all that "cancelled while awaiting
            // approval" or "stopped while waiting in line" would: a cancel is no problem
            || (run.state() == RunState.KILLED && run.startedAt() == null));
  }

  /**
   * "Rejected by carol: not during business hours.", from the rejection as recorded; "Rejected: no
   * approval within 24 h." when nobody rejected it but time ran out.
   */
  static Outcome rejected(Run run, List<Decision> decisions) {
    Optional<Decision> rejection = decisions.stream().filter(d -> !d.approved()).findFirst();
    String sentence =
        rejection
            .map(no ->
                "Rejected by "
                    + no.by()
                    + (no.comment() == null ? "." : ": " + sentenceEnd(no.comment())))
            .orElseGet(() ->
                "Rejected: "
                    + sentenceEnd(run.error() == null ? "it was not approved" : run.error()));
    return new Outcome("rejected", "⊘", sentence, null);
  }

  static Outcome failed(Run run, Supplier<Optional<String>> lastErrorLine) {
    if (run.startedAt() == null) {
      String why = run.error() == null ? "the server could not start it" : startWords(run.error());
      // The launcher's own words, as the log has them, are the small print.
      return new Outcome("not-started", "⚠", "Could not start: " + why + ".", run.error());
    }
    String why =
        lastNote(run.report())
            .or(lastErrorLine)
            .orElseGet(() -> run.error() != null ? run.error() : exitWords(run.exitCode()));
    return new Outcome(
        "failed", "✕", "Failed after " + took(run) + ": " + sentenceEnd(why), code(run));
  }

  private static Outcome stopped(Run run) {
    String by = run.killedBy() == null ? "" : " by " + run.killedBy();
    if (run.startedAt() == null) {
      return new Outcome("stopped", "■", "Cancelled" + by + " before it started.", null);
    }
    return new Outcome("stopped", "■", "Stopped" + by + " after " + took(run) + ".", code(run));
  }

  private static Optional<String> lastNote(RunReport report) {
    return report.notes().stream()
        .filter(note -> "error".equals(note.level()) && !note.text().isBlank())
        .reduce((first, second) -> second)
        .map(RunReport.Note::text);
  }

  /** The launcher speaks like a shell ("No such file or directory"); people read words. */
  static String startWords(String error) {
    Matcher workdir = NO_WORKDIR.matcher(error);
    if (workdir.matches()) {
      return "its working directory " + workdir.group(1) + " does not exist";
    }
    Matcher m = CANNOT_START.matcher(error);
    if (m.matches()) {
      return m.group(2).startsWith("No such")
          ? "program `" + m.group(1) + "` not found"
          : "program `" + m.group(1) + "` may not be run (permission denied)";
    }
    return error;
  }

  static String exitWords(Integer code) {
    if (code == null) {
      return "it ended without an exit code";
    }
    if (code == 126) {
      return "a program it runs could not be executed (exit code 126)";
    }
    if (code == 127) {
      return "a command it runs was not found (exit code 127)";
    }
    if (code > 128 && code - 128 < SIGNALS.length) {
      return "it was ended by the " + SIGNALS[code - 128] + " signal (exit code " + code + ")";
    }
    return "it reported a failure with exit code " + code;
  }

  private static String took(Run run) {
    if (run.startedAt() == null || run.finishedAt() == null) {
      return "an unknown time";
    }
    return Words.duration(Duration.between(run.startedAt(), run.finishedAt()));
  }

  private static String code(Run run) {
    return run.exitCode() == null ? null : "Exit code " + run.exitCode();
  }

  private static String sentenceEnd(String text) {
    return text.endsWith(".") || text.endsWith("!") || text.endsWith("?") ? text : text + ".";
  }

  private static String capitalised(String text) {
    return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }
}
