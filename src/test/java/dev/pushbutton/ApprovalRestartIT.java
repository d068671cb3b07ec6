package dev.pushbutton;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushbutton.testing.Api;
import dev.pushbutton.testing.Processes;
import dev.pushbutton.testing.ServerProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run awaiting approval outlives the server: killed with SIGKILL and started again, the server
 * neither starts nor loses it, takes its approval afterwards, and keeps counting its approval
 * timeout from when it was asked for.
 */
class ApprovalRestartIT {
  private static final List<String> SMALL_HEAP = List.of("-Xmx256m");
  private static final String LEAD = "lead-for-restart";
  private static final String ASKER = "asker-for-restart";
  private static final String PASSWORD = "a-password-for-tests";

  @TempDir Path work;

  @Test
  void anAwaitingRunIsStillAwaitingAfterARestartAndCanThenBeApproved() throws Exception {
    Path dataDir = work.resolve("data");
    String runId;
    try (ServerProcess server = new ServerProcess(dataDir, SMALL_HEAP).start()) {
      Api asker = users(server.api());
      runId = asker.start("needs-approval", Map.of("target", "production"));
      assertThat(server.api().state(runId)).isEqualTo("awaiting_approval");
      server.killHard();
    }

    try (ServerProcess server = new ServerProcess(dataDir, SMALL_HEAP).start()) {
      Api admin = server.api();
      assertThat(admin.run(runId))
          .containsEntry("state", "awaiting_approval")
          .containsEntry("startedAt", null);
      assertThat(Processes.ofRun(runId)).as("the restart started nothing").isEmpty();
      assertThat(admin.get("/api/runs?state=awaiting_approval").jsonList())
          .extracting(run -> run.get("id"))
          .contains(runId);

      Api lead = admin.as(LEAD, PASSWORD);
      assertThat(
              lead.post("/api/runs/" + runId + "/approve", Map.of("comment", "after the restart"))
                  .status())
          .isEqualTo(200);
      Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> admin.state(runId).equals("succeeded"));
      assertThat(new String(admin.log(runId), StandardCharsets.UTF_8))
          .isEqualTo("approved: production\n");
    }
  }

  @Test
  void theApprovalTimeoutCountsFromTheRequestNotFromTheRestart() throws Exception {
    Path dataDir = work.resolve("data");
    String runId;
    Instant askedAt;
    try (ServerProcess server = new ServerProcess(dataDir, SMALL_HEAP).start()) {
      Api asker = users(server.api());
      runId = asker.start("approval-expires-later", Map.of()); // 15 s to be approved
      askedAt = Instant.parse((String) server.api().run(runId).get("createdAt"));
      server.killHard();
    }

    try (ServerProcess server = new ServerProcess(dataDir, SMALL_HEAP).start()) {
      Instant upAgain = Instant.now();
      Api admin = server.api();
      Awaitility.await()
          .atMost(Duration.ofSeconds(40))
          .until(() -> admin.state(runId).equals("rejected"));
      Map<String, Object> run = admin.run(runId);
      assertThat(run).containsEntry("error", "no approval within 15 s");
      Instant rejectedAt = Instant.parse((String) run.get("finishedAt"));
      assertThat(rejectedAt).isAfterOrEqualTo(askedAt.plusSeconds(15));
      // Counted afresh from the restart, it would have ended 15 s after the server came back;
      // counted from the request it ends at its deadline, or as soon as the server is back if that
      // is later (a few seconds at most for the first look).
      assertThat(rejectedAt).isBefore(upAgain.plusSeconds(14));
      Instant due = askedAt.plusSeconds(15).isAfter(upAgain) ? askedAt.plusSeconds(15) : upAgain;
      assertThat(rejectedAt).isBefore(due.plusSeconds(4));
      assertThat(Processes.ofRun(runId)).isEmpty();
    }
  }

  /** Makes the approver and the one who asks; the API as the latter. */
  private static Api users(Api admin) {
    admin.newUser(LEAD, PASSWORD, "viewer", "leads");
    return admin.newUser(ASKER, PASSWORD, "operator");
  }
}
