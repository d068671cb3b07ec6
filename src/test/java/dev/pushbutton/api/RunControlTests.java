package dev.pushbutton.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushbutton.run.Run;
import dev.pushbutton.run.RunRepository;
import dev.pushbutton.run.RunState;
import dev.pushbutton.testing.Processes;
import dev.pushbutton.testing.ServerTest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class RunControlTests extends ServerTest {
  @Autowired RunRepository repository;

  @Test
  void exitCodesDecideSuccessOrFailure() {
    String ok = api.start("exit-code", Map.of("code", 0));
    String bad = api.start("exit-code", Map.of("code", 42));
    awaitState(ok, "succeeded");
    awaitState(bad, "failed");

    assertThat(api.run(ok)).containsEntry("exitCode", 0);
    assertThat(api.run(bad)).containsEntry("exitCode", 42);
    assertThat(api.run(bad).get("finishedAt")).isNotNull();
  }

  @Test
  void singleJobRefusesASecondRunWhileOneIsActive() {
    String first = api.start("single", Map.of());
    var second = api.post("/api/jobs/single/runs", Map.of());

    assertThat(second.status()).isEqualTo(409);
    assertThat((String) second.json().get("error")).contains("one run at a time");

    assertThat(api.post("/api/runs/" + first + "/kill", Map.of()).status()).isEqualTo(202);
    awaitState(first, "killed");
    String third = api.start("single", Map.of());
    api.post("/api/runs/" + third + "/kill", Map.of());
    awaitState(third, "killed");
  }

  @Test
  void queuedJobRunsOneAfterAnotherInOrder() {
    String a = api.start("queued", Map.of("tag", "a"));
    String b = api.start("queued", Map.of("tag", "b"));
    String c = api.start("queued", Map.of("tag", "c"));

    assertThat(api.state(b)).isEqualTo("queued");
    assertThat(api.state(c)).isEqualTo("queued");
    awaitState(c, "succeeded");
    assertThat(List.of(api.state(a), api.state(b))).containsOnly("succeeded");
    // each started only after the one before it finished
    assertThat((String) api.run(b).get("startedAt"))
        .isGreaterThanOrEqualTo((String) api.run(a).get("finishedAt"));
    assertThat((String) api.run(c).get("startedAt"))
        .isGreaterThanOrEqualTo((String) api.run(b).get("finishedAt"));
    assertThat(new String(api.log(b), StandardCharsets.UTF_8)).isEqualTo("start b\nend b\n");
  }

  @Test
  void killingAQueuedRunTakesItOutOfLine() {
    String a = api.start("queued", Map.of("tag", "first"));
    String b = api.start("queued", Map.of("tag", "second"));
    assertThat(api.post("/api/runs/" + b + "/kill", Map.of()).status()).isEqualTo(202);

    assertThat(api.state(b)).isEqualTo("killed");
    awaitState(a, "succeeded");
    assertThat(api.log(b)).isEmpty();
  }

  @Test
  void killEndsTheWholeTreeEvenWhatIgnoresSigterm() {
    String runId = api.start("tree", Map.of());
    eventually()
        .until(() -> new String(api.log(runId), StandardCharsets.UTF_8).contains("grandchild"));
    assertThat(Processes.ofRun(runId))
        .hasSizeGreaterThanOrEqualTo(5); // wrapper, script, child, grandchild, sleeps

    var answer = api.post("/api/runs/" + runId + "/kill", Map.of());
    assertThat(answer.status()).isEqualTo(202);
    awaitState(runId, "killed");

    assertThat(Processes.ofRun(runId)).isEmpty();
    assertThat(api.run(runId).get("finishedAt")).isNotNull();
  }

  @Test
  void aStopSaysWhatItDid() {
    String running = api.start("sleeper", Map.of());
    String waiting = api.start("queued", Map.of("tag", "a"));
    String behind = api.start("queued", Map.of("tag", "b"));
    awaitState(running, "running");

    var signalled = api.post("/api/runs/" + running + "/kill", Map.of());
    assertThat(signalled.status()).isEqualTo(202);
    assertThat(signalled.json())
        .containsEntry("id", running)
        .containsEntry("state", "running")
        .containsEntry("killedBy", "admin")
        .containsEntry("stop", "signalled")
        .containsEntry(
            "message",
            "Stopping: its processes get SIGTERM, and SIGKILL after 2 s if"
                + " they are still there.");
    assertThat(api.post("/api/runs/" + running + "/kill", Map.of()).json())
        .containsEntry("stop", "already_stopping");

    var cancelled = api.post("/api/runs/" + behind + "/kill", Map.of());
    assertThat(cancelled.json())
        .containsEntry("state", "killed")
        .containsEntry("stop", "cancelled")
        .containsEntry("message", "Cancelled: it had not started, and will not.");
    awaitState(running, "killed");
    awaitState(waiting, "succeeded");
  }

  @Test
  void aRunNothingOnThisServerFollowsIsAnsweredSoAndKeepsItsState() {
    // A run this server never started nor took up (another server's, sharing the database).
    Run elsewhere =
        Run.created(
            "0190aaaa-0000-7000-8000-" + (100_000_000_000L + System.nanoTime() % 100_000_000_000L),
            "sleeper",
            RunState.RUNNING,
            Map.of(),
            Instant.now().truncatedTo(ChronoUnit.MILLIS),
            "olga");
    repository.insert(elsewhere);

    var answer = api.post("/api/runs/" + elsewhere.id() + "/kill", Map.of());
    assertThat(answer.status()).isEqualTo(202);
    assertThat(answer.json())
        .containsEntry("state", "running")
        .containsEntry("stop", "recorded")
        .containsEntry("killedBy", "admin");
    assertThat((String) answer.json().get("message"))
        .startsWith("The stop is recorded, but nothing on this server follows this run");
    assertThat(repository.find(elsewhere.id()).orElseThrow().stopRequest())
        .isEqualTo(RunState.KILLED);
    assertThat(api.run(elsewhere.id())).containsEntry("state", "running");
  }

  @Test
  void killingAFinishedRunIsAConflict() {
    String runId = api.start("exit-code", Map.of("code", 0));
    awaitState(runId, "succeeded");

    var answer = api.post("/api/runs/" + runId + "/kill", Map.of());
    assertThat(answer.status()).isEqualTo(409);
    assertThat(answer.json()).containsKey("error");
    assertThat(api.post("/api/runs/nope/kill", Map.of()).status()).isEqualTo(404);
  }

  @Test
  void timeoutEndsTheRunAsTimedOut() {
    String runId = api.start("slow-timeout", Map.of());
    awaitState(runId, "timed_out");

    assertThat(Processes.ofRun(runId)).isEmpty();
    assertThat(new String(api.log(runId), StandardCharsets.UTF_8)).startsWith("waiting\n");
  }

  @Test
  void commandThatCannotStartFailsWithTheReason() {
    String missing = api.start("missing-command", Map.of());
    String noDir = api.start("missing-workdir", Map.of());
    awaitState(missing, "failed");
    awaitState(noDir, "failed");

    assertThat((String) api.run(missing).get("error"))
        .contains("no-such-program-pushbutton")
        .contains("No such file or directory");
    assertThat(new String(api.log(missing), StandardCharsets.UTF_8))
        .contains("No such file or directory");
    assertThat((String) api.run(noDir).get("error")).contains("/no/such/dir");
    assertThat(api.run(missing).get("exitCode")).isNull();
  }

  @Test
  void runEndsWhenMainProcessExitsEvenIfAChildHoldsTheOutput() {
    String runId = api.start("background-child", Map.of());
    awaitState(runId, "succeeded");
    assertThat(new String(api.log(runId), StandardCharsets.UTF_8)).isEqualTo("main done\n");
  }

  @Test
  void historyIsNewestFirstAndFilters() {
    String older = api.start("exit-code", Map.of("code", 1));
    String newer = api.start("exit-code", Map.of("code", 0));
    awaitState(older, "failed");
    awaitState(newer, "succeeded");

    var page = api.get("/api/runs?jobId=exit-code&limit=2").jsonList();
    assertThat(page).extracting(r -> r.get("id")).containsExactly(newer, older);
    var failed = api.get("/api/runs?jobId=exit-code&state=failed").jsonList();
    assertThat(failed).extracting(r -> r.get("state")).containsOnly("failed");
    var before = api.get("/api/runs?jobId=exit-code&before=" + newer + "&limit=1").jsonList();
    assertThat(before).extracting(r -> r.get("id")).containsExactly(older);

    assertThat(api.get("/api/runs?state=bogus").json()).containsEntry("field", "state");
    assertThat(api.get("/api/runs?limit=0").status()).isEqualTo(400);
    assertThat(api.get("/api/runs/nope").status()).isEqualTo(404);
  }
}
