package dev.pushbutton.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushbutton.run.RunEvent;
import dev.pushbutton.run.RunEventListener;
import dev.pushbutton.testing.Api;
import dev.pushbutton.testing.Processes;
import dev.pushbutton.testing.ServerTest;
import dev.pushbutton.testing.SseClient;
import dev.pushbutton.testing.SseEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Four eyes over the API, with real processes: a run of a job with {@code approval} waits until
 * someone in its approval groups, other than whoever asked for it, approves it; a rejection or the
 * timeout ends it unstarted. In the test catalog, members of {@code leads} approve; the admin is in
 * no group, so it may see every run but approve none.
 */
@Import(ApprovalTests.Recording.class)
class ApprovalTests extends ServerTest {
  @TempDir Path dir;

  /** The run events the core announced, as an audit listener would receive them. */
  static final List<Heard> HEARD = new CopyOnWriteArrayList<>();

  /**
   * One event, with the client address of the request it was told during (null when on no request's
   * thread).
   */
  record Heard(RunEvent event, String clientAddress) {}

  @TestConfiguration
  static class Recording {
    @Bean
    RunEventListener recordingListener() {
      return event -> {
        var request = RequestContextHolder.getRequestAttributes();
        HEARD.add(
            new Heard(
                event,
                request instanceof ServletRequestAttributes servlet
                    ? servlet.getRequest().getRemoteAddr()
                    : null));
      };
    }
  }

  @Test
  void aRightfulApprovalStartsTheRunWhichRunsAsAnyOther() {
    Person ada = newUser("operator");
    Person lead = newUser("viewer", "leads");

    Api.Response asked =
        ada.api()
            .post(
                "/api/jobs/needs-approval/runs",
                Map.of("params", Map.of("target", "production"), "reason", "release 2.4"));
    assertThat(asked.status()).isEqualTo(201);
    String runId = (String) asked.json().get("id");
    assertThat(asked.json())
        .containsEntry("state", "awaiting_approval")
        .containsEntry("startedAt", null)
        .containsEntry("startedBy", ada.username())
        .containsEntry("reason", "release 2.4");
    assertThat(Processes.ofRun(runId)).as("nothing started").isEmpty();
    assertThat(api.log(runId)).isEmpty();

    Api.Response approved =
        lead.api().post("/api/runs/" + runId + "/approve", Map.of("comment", "  go ahead  "));
    assertThat(approved.status()).isEqualTo(200);
    assertThat((String) approved.json().get("state")).isIn("starting", "running", "succeeded");

    awaitState(runId, "succeeded");
    assertThat(new String(api.log(runId))).isEqualTo("approved: production\n");
    assertThat(api.get("/api/runs/" + runId + "/approvals").jsonList())
        .singleElement()
        .satisfies(decision ->
            assertThat(decision)
                .containsEntry("by", lead.username())
                .containsEntry("decision", "approved")
                .containsEntry("comment", "go ahead"));

    Api.Response late =
        newUser("viewer", "leads").api().post("/api/runs/" + runId + "/approve", null);
    assertThat(late.status()).isEqualTo(409);
    assertThat(late.json().get("error"))
        .isEqualTo("This run no longer awaits approval: it was approved (it is succeeded now).");
  }

  @Test
  void theRequesterCannotApproveOrRejectTheirOwnRunEvenAsAnApprover() {
    Person leadWhoRuns = newUser("operator", "leads");
    String runId = leadWhoRuns.api().start("needs-approval", Map.of());

    for (String decision : List.of("approve", "reject")) {
      Api.Response own = leadWhoRuns.api().post("/api/runs/" + runId + "/" + decision, Map.of());
      assertThat(own.status()).isEqualTo(403);
      assertThat(own.json())
          .containsEntry("error", "You asked for this run: someone else must approve it.");
    }
    assertThat(api.state(runId)).isEqualTo("awaiting_approval");
    assertThat(api.get("/api/runs/" + runId + "/approvals").jsonList()).isEmpty();
  }

  @Test
  void someoneWhoMaySeeTheRunButIsNoApproverIsRefusedAdminsIncluded() {
    String runId = newUser("operator").api().start("needs-approval", Map.of());

    Api.Response admin = api.post("/api/runs/" + runId + "/approve", Map.of());
    assertThat(admin.status()).isEqualTo(403);
    assertThat(admin.json().get("error"))
        .isEqualTo("You may see this run but not approve or reject it: only members of leads may.");
    Api.Response viewer =
        newUser("viewer", "support").api().post("/api/runs/" + runId + "/reject", null);
    assertThat(viewer.status()).isEqualTo(403);
    assertThat(api.state(runId)).isEqualTo("awaiting_approval");
  }

  @Test
  void someoneWhoMayNotSeeTheJobIsToldTheRunDoesNotExist() {
    String runId = newUser("operator", "ops").api().start("approval-ops", Map.of());
    String noRun = UUID.randomUUID().toString();
    Api outsider = newUser("operator", "sales").api();

    for (String decision : List.of("approve", "reject")) {
      Api.Response hidden = outsider.post("/api/runs/" + runId + "/" + decision, Map.of());
      Api.Response missing = outsider.post("/api/runs/" + noRun + "/" + decision, Map.of());
      assertThat(hidden.status()).isEqualTo(404).isEqualTo(missing.status());
      assertThat(hidden.body()).isEqualTo(missing.body().replace(noRun, runId));
    }
    assertThat(outsider.get("/api/runs/" + runId + "/approvals").status()).isEqualTo(404);
    // The approval groups may see the job, though allow names only ops.
    Api lead = newUser("viewer", "leads").api();
    assertThat(lead.get("/api/jobs/approval-ops").status()).isEqualTo(200);
    assertThat(lead.post("/api/runs/" + runId + "/approve", null).status()).isEqualTo(200);
    awaitState(runId, "succeeded");
  }

  @Test
  void aJobThatNeedsTwoApprovalsNeedsTwoDifferentPeople() {
    String runId = newUser("operator").api().start("needs-two", Map.of());
    Person lead = newUser("viewer", "leads");

    Api.Response first = lead.api().post("/api/runs/" + runId + "/approve", Map.of());
    assertThat(first.status()).isEqualTo(200);
    assertThat(first.json()).containsEntry("state", "awaiting_approval");
    Api.Response again = lead.api().post("/api/runs/" + runId + "/approve", Map.of());
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.json().get("error"))
        .isEqualTo("You have already decided on this run: each person decides once.");
    assertThat(lead.api().post("/api/runs/" + runId + "/reject", Map.of()).status()).isEqualTo(409);
    assertThat(api.state(runId)).isEqualTo("awaiting_approval");
    assertThat(Processes.ofRun(runId)).isEmpty();

    Api.Response second =
        newUser("viewer", "seniors").api().post("/api/runs/" + runId + "/approve", Map.of());
    assertThat(second.status()).isEqualTo(200);
    awaitState(runId, "succeeded");
    assertThat(new String(api.log(runId))).isEqualTo("approved twice\n");
    assertThat(api.get("/api/runs/" + runId + "/approvals").jsonList()).hasSize(2);
  }

  @Test
  void aRejectedRunEndsRejectedAndNeverStarts() {
    Person ada = newUser("operator");
    String runId = ada.api().start("needs-approval", Map.of());
    Person carol = newUser("viewer", "leads");

    Api.Response rejected =
        carol
            .api()
            .post("/api/runs/" + runId + "/reject", Map.of("comment", "not during business hours"));
    assertThat(rejected.status()).isEqualTo(200);
    assertThat(rejected.json())
        .containsEntry("state", "rejected")
        .containsEntry("error", "rejected by " + carol.username() + ": not during business hours")
        .containsEntry("startedAt", null)
        .containsEntry("exitCode", null);
    assertThat(api.run(runId)).containsEntry("state", "rejected");
    assertThat(Processes.ofRun(runId)).as("no process").isEmpty();
    assertThat(api.log(runId)).as("no output").isEmpty();
    assertThat(api.get("/api/runs/" + runId + "/log/streams").json()).containsEntry("size", 0);

    Api.Response tooLate =
        newUser("viewer", "leads").api().post("/api/runs/" + runId + "/approve", null);
    assertThat(tooLate.status()).isEqualTo(409);
    assertThat(tooLate.json().get("error"))
        .isEqualTo("This run no longer awaits approval: it was rejected.");
    assertThat(ada.api().post("/api/runs/" + runId + "/kill", Map.of()).status()).isEqualTo(409);
    assertThat(api.get("/api/runs?state=rejected&jobId=needs-approval").jsonList())
        .extracting(run -> run.get("id"))
        .contains(runId);
  }

  @Test
  void aRunLeftAwaitingIsRejectedWhenItsTimeoutHasPassed() {
    String runId = newUser("operator").api().start("approval-expires", Map.of());
    assertThat(api.state(runId)).isEqualTo("awaiting_approval");

    eventually().until(() -> api.state(runId).equals("rejected"));
    Map<String, Object> run = api.run(runId);
    assertThat(run)
        .containsEntry("error", "no approval within 2 s")
        .containsEntry("startedAt", null);
    Duration waited =
        Duration.between(
            Instant.parse((String) run.get("createdAt")),
            Instant.parse((String) run.get("finishedAt")));
    assertThat(waited).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(5));
    assertThat(Processes.ofRun(runId)).isEmpty();
    assertThat(api.log(runId)).isEmpty();
    assertThat(
            HEARD.stream()
                .filter(heard -> heard.event().run().id().equals(runId))
                .map(Heard::event)
                .filter(RunEvent.RunRejected.class::isInstance)
                .map(RunEvent.RunRejected.class::cast))
        .singleElement()
        .satisfies(e -> assertThat(e.by()).as("nobody: the timeout").isNull());
  }

  @Test
  void anApprovedRunOfAQueueJobWaitsInLineWhileAnotherRunIsActive() throws Exception {
    Path firstGo = dir.resolve("first");
    Path secondGo = dir.resolve("second");
    Api ada = newUser("operator").api();
    Api lead = newUser("viewer", "leads").api();
    String first = ada.start("approval-queue", Map.of("go", firstGo.toString()));
    String second = ada.start("approval-queue", Map.of("go", secondGo.toString()));
    assertThat(api.state(second))
        .as("awaiting holds no place in line")
        .isEqualTo("awaiting_approval");

    assertThat(lead.post("/api/runs/" + first + "/approve", null).status()).isEqualTo(200);
    awaitState(first, "running");
    Api.Response approved = lead.post("/api/runs/" + second + "/approve", null);
    assertThat(approved.status()).isEqualTo(200);
    assertThat(approved.json()).containsEntry("state", "queued");
    assertThat(api.state(second)).isEqualTo("queued");

    Files.writeString(firstGo, "go");
    Files.writeString(secondGo, "go");
    awaitState(first, "succeeded");
    awaitState(second, "succeeded");
  }

  @Test
  void theLastApprovalOfASingleJobThatIsBusyIsRefusedAndTheRunGoesOnAwaiting() throws Exception {
    Path go = dir.resolve("go");
    Api ada = newUser("operator").api();
    Person lead = newUser("viewer", "leads");
    String busy = ada.start("approval-single", Map.of("go", go.toString()));
    String next = ada.start("approval-single", Map.of("go", dir.resolve("next").toString()));
    assertThat(lead.api().post("/api/runs/" + busy + "/approve", null).status()).isEqualTo(200);
    awaitState(busy, "running");

    Api.Response refused = lead.api().post("/api/runs/" + next + "/approve", null);
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.json().get("error").toString())
        .startsWith("This run cannot start now: Job 'approval-single' allows one run at a time")
        .endsWith("Approve it again once that run has ended.");
    assertThat(api.state(next)).isEqualTo("awaiting_approval");
    assertThat(api.get("/api/runs/" + next + "/approvals").jsonList()).as("not kept").isEmpty();

    Files.writeString(go, "go");
    awaitState(busy, "succeeded");
    assertThat(lead.api().post("/api/runs/" + next + "/approve", null).status()).isEqualTo(200);
    awaitState(next, "running");
    Files.writeString(dir.resolve("next"), "go");
    awaitState(next, "succeeded");
  }

  @Test
  void anAwaitingRunIsCancelledByWhoeverMayKillItsRuns() {
    Person ada = newUser("operator");
    String runId = ada.api().start("needs-approval", Map.of());
    Person lead = newUser("viewer", "leads");
    assertThat(lead.api().post("/api/runs/" + runId + "/kill", null).status())
        .as("an approver who may not run the job may not cancel its runs")
        .isEqualTo(403);

    Api.Response cancelled = ada.api().post("/api/runs/" + runId + "/kill", null);
    assertThat(cancelled.status()).isEqualTo(202);
    assertThat(cancelled.json())
        .containsEntry("state", "killed")
        .containsEntry("killedBy", ada.username())
        .containsEntry("error", "cancelled while awaiting approval");
    Api.Response late = lead.api().post("/api/runs/" + runId + "/approve", null);
    assertThat(late.status()).isEqualTo(409);
    assertThat(late.json().get("error"))
        .isEqualTo("This run no longer awaits approval: it was cancelled.");
  }

  @Test
  void aCommentIsAtMostFiveHundredCharactersOfText() {
    String runId = newUser("operator").api().start("needs-approval", Map.of());
    Api lead = newUser("viewer", "leads").api();

    Api.Response tooLong =
        lead.post("/api/runs/" + runId + "/approve", Map.of("comment", "ü".repeat(501)));
    assertThat(tooLong.status()).isEqualTo(400);
    assertThat(tooLong.json())
        .containsEntry("field", "comment")
        .containsEntry("error", "The comment must be at most 500 characters long.");
    Api.Response notText = lead.post("/api/runs/" + runId + "/reject", Map.of("comment", 7));
    assertThat(notText.status()).isEqualTo(400);
    assertThat(notText.json()).containsEntry("field", "comment");
    assertThat(api.state(runId)).isEqualTo("awaiting_approval");

    Api.Response fits =
        lead.post("/api/runs/" + runId + "/reject", Map.of("comment", "ü".repeat(500)));
    assertThat(fits.status()).isEqualTo(200);
  }

  @Test
  void viewersSeeTheRunMoveOnLiveWhenItIsApprovedOrRejected() throws Exception {
    Api ada = newUser("operator").api();
    Api lead = newUser("viewer", "leads").api();
    String approved = ada.start("needs-approval", Map.of());
    String rejected = ada.start("needs-approval", Map.of());
    try (SseClient all = api.events("/api/events");
        SseClient one = api.events("/api/runs/" + approved + "/events");
        SseClient other = api.events("/api/runs/" + rejected + "/events")) {
      eventually().until(() -> one.states().contains("awaiting_approval"));
      lead.post("/api/runs/" + approved + "/approve", null);
      lead.post("/api/runs/" + rejected + "/reject", null);

      one.awaitEnd(Duration.ofSeconds(20));
      assertThat(one.states()).first().isEqualTo("awaiting_approval");
      assertThat(one.states()).last().isEqualTo("succeeded");
      other.awaitEnd(Duration.ofSeconds(20));
      assertThat(other.states()).containsExactly("awaiting_approval", "rejected");
      eventually()
          .until(() ->
              statesOf(all, approved).contains("succeeded")
                  && statesOf(all, rejected).contains("rejected"));
      assertThat(statesOf(all, approved)).contains("starting", "running");
    }
  }

  /** The audit's listener hears each change once, on the request's thread, after it is stored. */
  @Test
  void eachChangeIsToldToTheRunEventListenerOnTheThreadThatMadeIt() {
    Person ada = newUser("operator");
    Person lead = newUser("viewer", "leads");
    Person senior = newUser("viewer", "seniors");
    String runId = ada.api().start("needs-two", Map.of());
    lead.api().post("/api/runs/" + runId + "/approve", Map.of("comment", "one"));
    senior.api().post("/api/runs/" + runId + "/approve", null);
    awaitState(runId, "succeeded");
    String cancelled = ada.api().start("needs-approval", Map.of());
    ada.api().post("/api/runs/" + cancelled + "/kill", null);

    List<Heard> heard = HEARD.stream().filter(h -> h.event().run().id().equals(runId)).toList();
    assertThat(heard)
        .extracting(h -> h.event().getClass().getSimpleName())
        .containsExactly("RunRequested", "RunApproved", "RunApproved", "RunStarted");
    var requested = (RunEvent.RunRequested) heard.get(0).event();
    assertThat(requested.run().state().apiName()).isEqualTo("awaiting_approval");
    var firstApproval = (RunEvent.RunApproved) heard.get(1).event();
    assertThat(firstApproval.by()).isEqualTo(lead.username());
    assertThat(firstApproval.comment()).isEqualTo("one");
    assertThat(firstApproval.run().state().apiName()).isEqualTo("awaiting_approval");
    var lastApproval = (RunEvent.RunApproved) heard.get(2).event();
    assertThat(lastApproval.by()).isEqualTo(senior.username());
    assertThat(lastApproval.run().state().apiName()).isIn("starting", "queued");
    // Told on the request's thread: the listener could read who asked from where.
    assertThat(heard.subList(0, 3)).extracting(Heard::clientAddress).containsOnly("127.0.0.1");
    assertThat(heard.get(3).clientAddress()).as("the run's own thread").isNull();

    assertThat(HEARD.stream().filter(h -> h.event().run().id().equals(cancelled)))
        .extracting(h -> h.event())
        .last()
        .isInstanceOfSatisfying(
            RunEvent.RunStopRequested.class,
            stop -> {
              assertThat(stop.by()).isEqualTo(ada.username());
              assertThat(stop.run().state().apiName()).isEqualTo("killed");
            });
  }

  private static List<String> statesOf(SseClient stream, String runId) {
    return stream.events().stream()
        .filter(SseEvent::isState)
        .filter(e -> runId.equals(e.json().get("id")))
        .map(SseEvent::state)
        .toList();
  }
}
