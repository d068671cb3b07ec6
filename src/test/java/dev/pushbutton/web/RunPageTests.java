package dev.pushbutton.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushbutton.testing.ServerTest;
import dev.pushbutton.testing.SseClient;
import dev.pushbutton.testing.SseEvent;
import dev.pushbutton.testing.WebSession;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The run page says what happened in words: an outcome for each way a run ends, the job's name,
 * labels and states in words, a waiting run's place in line; and the report event that moves its
 * headline while the run goes on.
 */
class RunPageTests extends ServerTest {
  private WebSession web;

  @BeforeEach
  void signIn() {
    web = WebSession.signIn("http://127.0.0.1:" + port, "admin", ADMIN_PASSWORD);
  }

  private String page(String runId) {
    return web.get("/runs/" + runId).body();
  }

  private String ended(String jobId, Map<String, ?> params, String state) {
    String runId = api.start(jobId, params);
    awaitState(runId, state);
    return runId;
  }

  @Test
  void aSucceededRunSaysSoWithTheJobsNameAndAShortId() {
    String runId = ended("ten-lines", Map.of(), "succeeded");
    String page = page(runId);
    assertThat(page)
        .contains("class=\"outcome outcome-succeeded\"", "Finished successfully in ")
        .contains(">Ten lines, a third of a second apart</a>")
        .contains(runId.substring(runId.length() - 8))
        .contains("data-copy=\"" + runId + "\"")
        .contains(">Took</dt>")
        .contains(">Succeeded</span>")
        .doesNotContain(">Exit code</dt>");
    assertThat(page).contains("Exit code 0"); // the small print, for engineers
  }

  @Test
  void aFailedRunQuotesTheJobsLastErrorThenItsStderrThenItsExitCode() {
    assertThat(page(ended("fails-with-note", Map.of(), "failed")))
        .contains("Backup target unreachable.</p>", "Exit code 2");
    // Colour codes are not shown as such: the sentence has the words.
    assertThat(page(ended("fails-on-stderr", Map.of(), "failed")))
        .contains(": precondition failed: disk full.</p>");
    assertThat(page(ended("exit-code", Map.of("code", 3), "failed")))
        .contains(": it reported a failure with exit code 3.</p>");
  }

  @Test
  void aRunThatCouldNotStartNamesTheMissingProgram() {
    String page = page(ended("missing-command", Map.of(), "failed"));
    assertThat(page)
        .contains(
            "Could not start: program `no-such-program-pushbutton` not found.",
            "outcome-not-started")
        .doesNotContain("id=\"run-error\"");
  }

  @Test
  void aStoppedRunNamesWhoStoppedItAndATimedOutOneItsLimit() {
    String runId = api.start("sleeper", Map.of());
    awaitState(runId, "running");
    String running = page(runId);
    assertThat(running)
        .contains(">Elapsed</dt>", ">Stop</button>")
        .contains("Stop this run? The job is asked to stop, and ended 2 s later if it has not.");
    api.post("/api/runs/" + runId + "/kill", Map.of());
    awaitState(runId, "killed");
    assertThat(page(runId)).contains("Stopped by admin after ", "outcome-stopped", ">Stopped<");

    assertThat(page(ended("slow-timeout", Map.of(), "timed_out")))
        .contains("Stopped: it ran longer than its 1 s limit.");
  }

  @Test
  void aWaitingRunSaysWhereItStandsAndOffersCancel() {
    String first = api.start("queued", Map.of("tag", "a"));
    String second = api.start("queued", Map.of("tag", "b"));
    String third = api.start("queued", Map.of("tag", "c"));
    String waiting = page(third);
    assertThat(waiting)
        .contains("Waiting for the 2 runs before it (3rd in line)", ">Cancel</button>")
        .contains("Cancel this run? It has not started yet.")
        .contains(">Not yet</span>");
    assertThat(web.get("/runs/" + second + "/waiting").body())
        .containsAnyOf("Waiting for the run before it (2nd in line)", "About to start");
    api.post("/api/runs/" + third + "/kill", Map.of());
    awaitState(third, "killed");
    assertThat(page(third)).contains("Cancelled by admin before it started.");
    awaitState(second, "succeeded");
    assertThat(web.get("/runs/" + second + "/waiting").body()).doesNotContain("in line");
    assertThat(api.state(first)).isEqualTo("succeeded");
  }

  @Test
  void runAgainIsDisabledWhileASingleJobsRunIsActive() {
    String runId = api.start("single", Map.of());
    awaitState(runId, "running");
    assertThat(page(runId)).containsPattern("id=\"again-button\"[^>]* disabled");
    api.post("/api/runs/" + runId + "/kill", Map.of());
    awaitState(runId, "killed");
    assertThat(page(runId)).doesNotContainPattern("id=\"again-button\"[^>]* disabled");
  }

  @Test
  void parametersAreShownUnderTheirLabelsAndTheOutcomeFragmentStandsAlone() {
    String runId = ended("queued", Map.of("tag", "abc"), "succeeded");
    assertThat(page(runId)).contains("<th scope=\"row\">Tag of the run</th>");
    String outcome = web.get("/runs/" + runId + "/outcome").body();
    assertThat(outcome)
        .contains("id=\"run-outcome\"", "Finished successfully")
        .doesNotContain("<html");
  }

  @Test
  void tablesShowJobNamesAndStatesInWords() {
    String runId = ended("exit-code", Map.of("code", 5), "failed");
    String history = web.get("/runs").body();
    assertThat(history)
        .contains(
            ">Exit with a code</a>",
            ">Failed</span>",
            "<option value=\"timed_out\">Timed out</option>")
        .contains("data-label=\"Job\"");
    assertThat(web.get("/jobs/exit-code").body())
        .contains("<span aria-current=\"page\">Exit with a code</span>")
        .contains("data-run-id=\"" + runId + "\"");
  }

  @Test
  void anUnknownAddressOutsideTheApiIsThe404Page() {
    HttpResponse<String> page = web.get("/nonsense/at/all");
    assertThat(page.statusCode()).isEqualTo(404);
    assertThat(page.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
    assertThat(page.body()).contains("<h1>Not found</h1>", "Back to the jobs");
    var api404 = api.get("/api/nonsense");
    assertThat(api404.status()).isEqualTo(404);
    assertThat(api404.contentType()).startsWith("application/json");
  }

  /** The headline moves while the run goes on, through the run's own event stream. */
  @Test
  void theEventStreamSendsEachNewReport() throws Exception {
    String runId = api.start("headline-ticker", Map.of());
    try (SseClient events = api.events("/api/runs/" + runId + "/events")) {
      eventually().until(events::ended);
      var reports =
          events.events().stream()
              .filter(e -> "report".equals(e.event()))
              .map(SseEvent::json)
              .toList();
      assertThat(reports)
          .extracting(r -> r.get("status"))
          .contains("Step 2 of 4", "Step 3 of 4", "Step 4 of 4");
      assertThat(reports).extracting(r -> r.get("progress")).contains(50.0, 75.0, 100.0);
      assertThat(reports.getLast()).containsKey("notes");
    }
  }
}
