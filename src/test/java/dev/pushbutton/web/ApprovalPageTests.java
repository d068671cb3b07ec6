package dev.pushbutton.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushbutton.testing.ServerTest;
import dev.pushbutton.testing.WebSession;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Four eyes on the pages, over plain HTTP: the catalog's tag, the form's notice, the top bar's
 * count, the Approvals page and a run's approval panel, and their Approve and Reject forms.
 */
class ApprovalPageTests extends ServerTest {

  @Test
  void theCatalogTagsJobsThatNeedApprovalAndTheFormSaysHowMany() {
    WebSession admin = WebSession.signIn(api.base(), "admin", ADMIN_PASSWORD);
    String catalog = admin.get("/").body();
    assertThat(card(catalog, "needs-approval"))
        .contains("class=\"tag needs-approval\"", "Needs approval");
    assertThat(card(catalog, "classic-demo")).doesNotContain("Needs approval");

    assertThat(admin.get("/jobs/needs-approval").body())
        .contains(
            "id=\"approval-notice\">This job needs 1 approval from leads before it starts.</p>");
    assertThat(admin.get("/jobs/needs-two").body())
        .contains("This job needs 2 approvals from leads or seniors before it starts.");
    assertThat(admin.get("/jobs/classic-demo").body()).doesNotContain("approval-notice");
  }

  @Test
  void theApprovalsPageListsWhatAwaitsTheReadersDecisionAndTheTopBarCountsIt() {
    Person ada = newUser("operator");
    Person lead = newUser("viewer", "leads");
    String runId =
        ada.api()
            .post(
                "/api/jobs/needs-approval/runs",
                Map.of("params", Map.of("target", "production"), "reason", "hotfix <b>OPS-7</b>"))
            .json()
            .get("id")
            .toString();
    WebSession leadWeb = WebSession.signIn(api.base(), lead.username(), PASSWORD);

    String home = leadWeb.get("/").body();
    assertThat(home).contains("id=\"approvals-link\"");
    int count = countIn(home);
    assertThat(count).isPositive();

    String page = leadWeb.get("/approvals").body();
    String item = itemOf(page, runId);
    assertThat(item)
        .contains("Needs one approval", ada.username(), "hotfix &lt;b&gt;OPS-7&lt;/b&gt;")
        .contains("<th scope=\"row\">Target</th>", ">production</td>")
        .contains(
            "action=\"/runs/" + runId + "/approve\"", "formaction=\"/runs/" + runId + "/reject\"")
        .contains("name=\"from\" value=\"approvals\"");

    HttpResponse<String> approved =
        leadWeb.post(
            "/runs/" + runId + "/approve", Map.of("comment", "ship it", "from", "approvals"));
    assertThat(approved.statusCode()).isEqualTo(302);
    assertThat(approved.headers().firstValue("Location").orElseThrow()).endsWith("/approvals");
    awaitState(runId, "succeeded");
    assertThat(leadWeb.get("/approvals").body()).doesNotContain("data-run-id=\"" + runId + "\"");
    assertThat(countIn(leadWeb.get("/").body())).isLessThan(count);

    // Neither the requester nor the admin approves this job: no link, nothing listed.
    WebSession adaWeb = WebSession.signIn(api.base(), ada.username(), PASSWORD);
    assertThat(adaWeb.get("/").body()).doesNotContain("id=\"approvals-link\"");
    assertThat(adaWeb.get("/approvals").body()).contains("You approve no job");
    assertThat(WebSession.signIn(api.base(), "admin", ADMIN_PASSWORD).get("/").body())
        .doesNotContain("id=\"approvals-link\"");
  }

  @Test
  void theRunPageSaysWhoAskedWhoDecidedAndWhoStillMay() {
    Person ada = newUser("operator", "leads"); // an approver, but not of her own run
    Person bob = newUser("viewer", "leads");
    Person carol = newUser("viewer", "seniors");
    String runId =
        ada.api()
            .post("/api/jobs/needs-two/runs", Map.of("reason", "quarterly"))
            .json()
            .get("id")
            .toString();
    bob.api().post("/api/runs/" + runId + "/approve", Map.of("comment", "looks right"));

    WebSession carolWeb = WebSession.signIn(api.base(), carol.username(), PASSWORD);
    String page = carolWeb.get("/runs/" + runId).body();
    assertThat(page)
        .contains("id=\"run-approval\"", "Awaiting approval")
        .contains("<strong>" + ada.username() + "</strong> asked for this run")
        .contains("<strong>Needs 1 more approval</strong>", "from <span>leads or seniors</span>")
        .contains("Approved by <strong>" + bob.username() + "</strong>")
        .contains("<q class=\"decision-comment\">looks right</q>")
        .contains("id=\"decide-form\"", "id=\"approve-button\"", "id=\"reject-button\"")
        .contains("hx-trigger=\"every 3s\"")
        .contains("Without enough approvals it is rejected");
    String deciders = between(page, "id=\"approval-deciders\">", "</span>");
    assertThat(deciders)
        .contains(carol.username() + " (you)")
        .doesNotContain(ada.username(), bob.username());

    WebSession adaWeb = WebSession.signIn(api.base(), ada.username(), PASSWORD);
    String own = adaWeb.get("/runs/" + runId).body();
    assertThat(own).contains("id=\"run-approval\"").doesNotContain("id=\"decide-form\"");
    assertThat(own).contains("id=\"kill-button\"", ">Cancel</button>");
    assertThat(WebSession.signIn(api.base(), bob.username(), PASSWORD).get("/runs/" + runId).body())
        .as("bob has decided")
        .doesNotContain("id=\"decide-form\"");
    HttpResponse<String> ownDecision = adaWeb.post("/runs/" + runId + "/approve", Map.of());
    assertThat(ownDecision.statusCode()).isEqualTo(403);
    assertThat(ownDecision.body())
        .contains("You asked for this run: someone else must approve it.");

    HttpResponse<String> rejected =
        carolWeb.post("/runs/" + runId + "/reject", Map.of("comment", "not during business hours"));
    assertThat(rejected.statusCode()).isEqualTo(302);
    assertThat(rejected.headers().firstValue("Location").orElseThrow()).endsWith("/runs/" + runId);
    String ended = carolWeb.get("/runs/" + runId).body();
    assertThat(ended)
        .contains("Rejected by " + carol.username() + ": not during business hours.")
        .contains("Rejected by <strong>" + carol.username() + "</strong>")
        .doesNotContain("id=\"decide-form\"", "hx-trigger=\"every 3s\"", "id=\"run-error\"");
    assertThat(carolWeb.get("/runs/" + runId + "/approval").body())
        .startsWith("<section id=\"run-approval\"")
        .doesNotContain("<html");
  }

  @Test
  void aRefusedDecisionIsShownBesideItsComment() {
    String runId = newUser("operator").api().start("needs-approval", Map.of());
    Person lead = newUser("viewer", "leads");
    WebSession leadWeb = WebSession.signIn(api.base(), lead.username(), PASSWORD);

    HttpResponse<String> tooLong =
        leadWeb.post("/runs/" + runId + "/approve", Map.of("comment", "x".repeat(501)));
    assertThat(tooLong.statusCode()).isEqualTo(400);
    assertThat(tooLong.body())
        .contains(
            "id=\"error-comment\" role=\"alert\">The comment must be at most 500 characters"
                + " long.</p>");
    assertThat(api.state(runId)).isEqualTo("awaiting_approval");

    HttpResponse<String> fromList =
        leadWeb.post(
            "/runs/" + runId + "/reject", Map.of("comment", "y".repeat(501), "from", "approvals"));
    assertThat(fromList.statusCode()).isEqualTo(400);
    assertThat(itemOf(fromList.body(), runId))
        .contains("role=\"alert\">The comment must be at most 500 characters long.</p>");

    newUser("viewer", "leads").api().post("/api/runs/" + runId + "/reject", null);
    HttpResponse<String> late = leadWeb.post("/runs/" + runId + "/approve", Map.of());
    assertThat(late.statusCode()).isEqualTo(409);
    assertThat(late.body())
        .contains("id=\"approval-error\"", "This run no longer awaits approval: it was rejected.");

    HttpResponse<String> outsider =
        WebSession.signIn(api.base(), "admin", ADMIN_PASSWORD)
            .post("/runs/" + runId + "/approve", Map.of());
    assertThat(outsider.statusCode()).isEqualTo(403);
  }

  @Test
  void theHistoryFiltersByTheNewStates() {
    WebSession admin = WebSession.signIn(api.base(), "admin", ADMIN_PASSWORD);
    String runId = newUser("operator").api().start("needs-approval", Map.of());
    String history = admin.get("/runs?state=awaiting_approval").body();
    assertThat(history)
        .contains(
            "<option value=\"awaiting_approval\" selected=\"selected\">Awaiting approval</option>")
        .contains("<option value=\"rejected\">Rejected</option>")
        .contains("data-run-id=\"" + runId + "\"", "state-awaiting_approval", ">Awaiting</span>");
  }

  private static String card(String catalog, String jobId) {
    int start = catalog.indexOf("data-job-id=\"" + jobId + "\"");
    assertThat(start).as("card of %s", jobId).isNotNegative();
    return catalog.substring(start, catalog.indexOf("</li>", start));
  }

  private static String itemOf(String page, String runId) {
    int start = page.indexOf("data-run-id=\"" + runId + "\"");
    assertThat(start).as("run %s on the page", runId).isNotNegative();
    return page.substring(start, page.indexOf("</li>", start));
  }

  private static int countIn(String page) {
    if (!page.contains("id=\"approvals-count\"")) {
      return 0;
    }
    String after = page.substring(page.indexOf("id=\"approvals-count\""));
    return Integer.parseInt(between(after, "<span>", "</span>").trim());
  }

  private static String between(String text, String from, String to) {
    int start = text.indexOf(from);
    assertThat(start).as("%s in the page", from).isNotNegative();
    start += from.length();
    return text.substring(start, text.indexOf(to, start));
  }
}
