package dev.pushbutton.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushbutton.run.Decision;
import dev.pushbutton.run.Run;
import dev.pushbutton.run.RunReport;
import dev.pushbutton.run.RunState;
import dev.pushbutton.run.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The outcome sentence for each way a run can end, from the run as recorded. */
class OutcomesTests {
  private static final Instant START = Instant.parse("2026-12-02T10:00:00Z");

  private static Run ended(
      RunState state, Integer code, Duration took, String error, RunReport report, String by) {
    return new Run(
        "01a2-run",
        "job",
        state,
        code,
        Map.of(),
        START.minusSeconds(1),
        took == null ? null : START,
        took == null ? START : START.plus(took),
        error,
        42L,
        null,
        report,
        "olga",
        by,
        null);
  }

  @Test
  void failureQuotesTheLastErrorNoteFirstThenStderrThenTheExitCode() {
    var notes =
        new RunReport(
            null,
            null,
            List.of(
                new RunReport.Note(1, "error", "first"),
                new RunReport.Note(2, "warning", "slow"),
                new RunReport.Note(3, "error", "precondition failed: disk full")));
    Run withNote = ended(RunState.FAILED, 3, Duration.ofSeconds(2), null, notes, null);
    assertThat(Outcomes.failed(withNote, () -> Optional.of("ignored")).sentence())
        .isEqualTo("Failed after 2 s: precondition failed: disk full.");

    Run plain = ended(RunState.FAILED, 3, Duration.ofSeconds(2), null, null, null);
    Outcome fromStderr = Outcomes.failed(plain, () -> Optional.of("cannot reach db.internal"));
    assertThat(fromStderr.sentence()).isEqualTo("Failed after 2 s: cannot reach db.internal.");
    assertThat(fromStderr.detail()).isEqualTo("Exit code 3");
    assertThat(fromStderr.kind()).isEqualTo("failed");

    assertThat(Outcomes.failed(plain, Optional::empty).sentence())
        .isEqualTo("Failed after 2 s: it reported a failure with exit code 3.");
    Run signalled = ended(RunState.FAILED, 137, Duration.ofMinutes(2), null, null, null);
    assertThat(Outcomes.failed(signalled, Optional::empty).sentence())
        .isEqualTo("Failed after 2 min: it was ended by the KILL signal (exit code 137).");
    Run notFound = ended(RunState.FAILED, 127, Duration.ofSeconds(1), null, null, null);
    assertThat(Outcomes.failed(notFound, Optional::empty).sentence())
        .isEqualTo("Failed after 1 s: a command it runs was not found (exit code 127).");
  }

  @Test
  void aRunThatNeverStartedSaysWhyInWords() {
    Run missing =
        ended(
            RunState.FAILED,
            null,
            null,
            "cannot start \"deploy.sh\": No such file or directory",
            null,
            null);
    Outcome outcome = Outcomes.failed(missing, Optional::empty);
    assertThat(outcome.sentence()).isEqualTo("Could not start: program `deploy.sh` not found.");
    assertThat(outcome.kind()).isEqualTo("not-started");
    assertThat(Outcomes.says(outcome, missing)).isTrue();
    assertThat(
            Outcomes.startWords(
                "cannot start \"x\": working directory /no/such: No such file or directory"))
        .isEqualTo("its working directory /no/such does not exist");
    assertThat(Outcomes.startWords("cannot start \"x\": Permission denied"))
        .isEqualTo("program `x` may not be run (permission denied)");
  }

  @Test
  void aRejectionSaysWhoRejectedItAndWhyOrThatTimeRanOut() {
    Run byCarol = ended(RunState.REJECTED, null, null, "rejected by carol: not now", null, null);
    var decisions =
        List.of(
            new Decision("01a2-run", "bob", Verdict.APPROVED, "fine by me", START),
            new Decision(
                "01a2-run", "carol", Verdict.REJECTED, "not during business hours", START));
    Outcome rejected = Outcomes.rejected(byCarol, decisions);
    assertThat(rejected.sentence()).isEqualTo("Rejected by carol: not during business hours.");
    assertThat(rejected.kind()).isEqualTo("rejected");
    assertThat(Outcomes.says(rejected, byCarol)).as("no second line repeating it").isTrue();
    assertThat(
            Outcomes.rejected(
                    byCarol,
                    List.of(new Decision("01a2-run", "carol", Verdict.REJECTED, null, START)))
                .sentence())
        .isEqualTo("Rejected by carol.");

    Run expired = ended(RunState.REJECTED, null, null, "no approval within 24 h", null, null);
    Outcome timedOut = Outcomes.rejected(expired, List.of());
    assertThat(timedOut.sentence()).isEqualTo("Rejected: no approval within 24 h.");
    assertThat(Outcomes.says(timedOut, expired)).isTrue();
  }

  @Test
  void everyFinalStateHasItsSentence() {
    var outcomes =
        new Outcomes(null, null); // only a failure reads the output, a rejection decisions
    assertThat(
            outcomes
                .of(ended(RunState.SUCCEEDED, 0, Duration.ofSeconds(4), null, null, null), null)
                .orElseThrow()
                .sentence())
        .isEqualTo("Finished successfully in 4 s.");
    assertThat(
            outcomes
                .of(ended(RunState.KILLED, 143, Duration.ofSeconds(12), null, null, "Olga"), null)
                .orElseThrow()
                .sentence())
        .isEqualTo("Stopped by Olga after 12 s.");
    assertThat(
            outcomes
                .of(
                    ended(
                        RunState.KILLED, null, null, "stopped while waiting in line", null, "Olga"),
                    null)
                .orElseThrow()
                .sentence())
        .isEqualTo("Cancelled by Olga before it started.");
    Run cancelled =
        ended(RunState.KILLED, null, null, "cancelled while awaiting approval", null, "Olga");
    assertThat(Outcomes.says(outcomes.of(cancelled, null).orElseThrow(), cancelled))
        .as("a cancel is said by the sentence, not shown again as a problem")
        .isTrue();
    assertThat(
            outcomes
                .of(ended(RunState.TIMED_OUT, 143, Duration.ofSeconds(30), null, null, null), null)
                .orElseThrow()
                .sentence())
        .isEqualTo("Stopped: it ran longer than its time limit.");
    Outcome lost =
        outcomes
            .of(
                ended(
                    RunState.LOST,
                    null,
                    Duration.ofSeconds(3),
                    "the process ended without recording an exit code",
                    null,
                    null),
                null)
            .orElseThrow();
    assertThat(lost.sentence()).isEqualTo("Lost: the server could not learn how it ended.");
    assertThat(lost.detail()).isEqualTo("the process ended without recording an exit code");
    assertThat(
            outcomes.of(Run.created("r", "job", RunState.RUNNING, Map.of(), START, "olga"), null))
        .isEmpty();
  }

  @Test
  void durationsAndPlacesInWords() {
    assertThat(Words.duration(Duration.ofMillis(300))).isEqualTo("less than a second");
    assertThat(Words.duration(Duration.ofSeconds(59))).isEqualTo("59 s");
    assertThat(Words.duration(Duration.ofSeconds(125))).isEqualTo("2 min 5 s");
    assertThat(Words.duration(Duration.ofMinutes(63))).isEqualTo("1 h 3 min");
    assertThat(Words.duration(Duration.ofHours(52))).isEqualTo("2 d 4 h");
    assertThat(Words.ordinal(1)).isEqualTo("1st");
    assertThat(Words.ordinal(2)).isEqualTo("2nd");
    assertThat(Words.ordinal(3)).isEqualTo("3rd");
    assertThat(Words.ordinal(11)).isEqualTo("11th");
    assertThat(Words.ordinal(22)).isEqualTo("22nd");
    assertThat(RunPage.waitingWords(2)).isEqualTo("Waiting for the run before it (2nd in line)");
    assertThat(RunPage.waitingWords(4)).isEqualTo("Waiting for the 3 runs before it (4th in line)");
    assertThat(RunPage.waitingWords(0)).isNull();
  }
}
