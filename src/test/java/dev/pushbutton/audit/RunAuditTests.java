package dev.pushbutton.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushbutton.testing.Api;
import dev.pushbutton.testing.ServerTest;
import dev.pushbutton.testing.WebSession;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What happens to runs lands in the audit trail, from the engine's own events: who asked (with the
 * parameters, secrets as {@code ***}, and the reason), that it started, who stopped it, who
 * approved or rejected it and what they said, and an approval that never came.
 */
class RunAuditTests extends ServerTest {
  private static final String SECRET = "Tr0ub4dor-3-zebra";

  @Test
  void aRunAskedForStartedAndStoppedIsRecordedWithItsReasonAndNoSecret() {
    Person ada = newUser("operator");
    Api.Response created =
        ada.api()
            .post(
                "/api/jobs/prints-secret/runs",
                Map.of(
                    "params",
                    Map.of("token", SECRET, "pause", 30),
                    "reason",
                    "rotating the staging key"));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String runId = (String) created.json().get("id");
    eventually().until(() -> api.state(runId).equals("running"));
    assertThat(ada.api().post("/api/runs/" + runId + "/kill", Map.of()).status()).isEqualTo(202);
    awaitState(runId, "killed");

    List<Map<String, Object>> entries = entriesFor(runId);
    assertThat(entries)
        .extracting(e -> e.get("action"))
        .containsExactly("run.stopped", "run.started", "run.requested");
    Map<String, Object> requested = entries.get(2);
    assertThat(requested)
        .containsEntry("actor", ada.username())
        .containsEntry("address", "127.0.0.1");
    assertThat(requested.get("details"))
        .isEqualTo(
            Map.of(
                "job", "prints-secret",
                "params", Map.of("token", "***", "pause", "30"),
                "reason", "rotating the staging key",
                "state", "starting"));
    assertThat(entries.get(1)).containsEntry("actor", "pushbutton");
    assertThat(entries.get(0))
        .containsEntry("actor", ada.username())
        .containsEntry("address", "127.0.0.1");
    assertThat(api.get("/api/audit?format=csv").body()).doesNotContain(SECRET);

    // The reason is on the Audit page too, with the run it was given for.
    WebSession admin = WebSession.signIn(api.base(), "admin", ADMIN_PASSWORD);
    String page = admin.get("/audit?action=run.requested&actor=" + ada.username()).body();
    assertThat(page).contains("rotating the staging key", runId).doesNotContain(SECRET);
  }

  @Test
  void approvalsAndRejectionsAreRecordedWithWhoDecidedAndWhatTheySaid() {
    Person ada = newUser("operator");
    Person lead = newUser("viewer", "leads");
    String approvedRun = ada.api().start("needs-approval", Map.of("target", "production"));
    assertThat(
            lead.api()
                .post("/api/runs/" + approvedRun + "/approve", Map.of("comment", "go ahead"))
                .status())
        .isEqualTo(200);
    String rejectedRun = ada.api().start("needs-approval", Map.of());
    assertThat(
            lead.api()
                .post("/api/runs/" + rejectedRun + "/reject", Map.of("comment", "not on Friday"))
                .status())
        .isEqualTo(200);
    awaitState(approvedRun, "succeeded");

    assertThat(entriesFor(approvedRun))
        .extracting(e -> e.get("action"))
        .containsExactly("run.started", "run.approved", "run.requested");
    Map<String, Object> approval = entriesFor(approvedRun).get(1);
    assertThat(approval).containsEntry("actor", lead.username());
    assertThat(approval.get("details"))
        .isEqualTo(
            Map.of(
                "job",
                "needs-approval",
                "requestedBy",
                ada.username(),
                "comment",
                "go ahead",
                "state",
                "starting"));

    assertThat(entriesFor(rejectedRun))
        .extracting(e -> e.get("action"))
        .containsExactly("run.rejected", "run.requested");
    Map<String, Object> rejection = entriesFor(rejectedRun).getFirst();
    assertThat(rejection).containsEntry("actor", lead.username());
    assertThat(rejection.get("details"))
        .isEqualTo(
            Map.of(
                "job",
                "needs-approval",
                "requestedBy",
                ada.username(),
                "comment",
                "not on Friday"));
  }

  @Test
  void anApprovalThatNeverCameIsARejectionByTheServer() {
    Person ada = newUser("operator");
    String runId = ada.api().start("approval-expires", Map.of());
    awaitState(runId, "rejected");

    eventually().until(() -> entriesFor(runId).size() == 2);
    Map<String, Object> expired = entriesFor(runId).getFirst();
    assertThat(expired)
        .containsEntry("action", "run.rejected")
        .containsEntry("actor", "pushbutton");
    @SuppressWarnings("unchecked")
    var details = (Map<String, Object>) expired.get("details");
    assertThat(details).containsEntry("requestedBy", ada.username());
    assertThat((String) details.get("why")).contains("no approval within 2 s");
    assertThat(api.get("/api/audit/verify").json()).containsEntry("intact", true);
  }

  /** The trail's entries about one run, newest first. */
  private List<Map<String, Object>> entriesFor(String runId) {
    Api.Response answer = api.get("/api/audit?limit=500");
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    return answer.jsonList().stream().filter(e -> runId.equals(e.get("target"))).toList();
  }
}
