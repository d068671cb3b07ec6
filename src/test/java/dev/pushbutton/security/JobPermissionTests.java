package dev.pushbutton.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushbutton.testing.Api;
import dev.pushbutton.testing.ServerTest;
import dev.pushbutton.testing.SseClient;
import dev.pushbutton.testing.SseEvent;
import dev.pushbutton.testing.WebSession;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Who sees and runs what, over real HTTP, with the test catalog's jobs: {@code ops-deploy} (seen by
 * support, run by ops), {@code ops-report} and {@code ops-ticker} (ops only), {@code hidden-job}
 * (seen by auditors only), and the rest, which have no {@code allow}.
 */
class JobPermissionTests extends ServerTest {

  @Test
  void eachUserListsOnlyTheJobsTheyMaySee() {
    List<String> outsider = jobIds(newUser("operator", "sales").api());
    List<String> support = jobIds(newUser("viewer", "support").api());
    List<String> ops = jobIds(newUser("operator", "ops").api());
    List<String> admin = jobIds(api);

    assertThat(outsider)
        .contains("classic-demo")
        .doesNotContain("ops-deploy", "ops-report", "hidden-job");
    assertThat(support)
        .contains("classic-demo", "ops-deploy")
        .doesNotContain("ops-report", "hidden-job");
    assertThat(ops)
        .contains("classic-demo", "ops-deploy", "ops-report")
        .doesNotContain("hidden-job");
    assertThat(admin).contains("ops-deploy", "ops-report", "hidden-job");
  }

  @Test
  void aJobOrRunSomeoneMayNotSeeAnswersExactlyAsOneThatDoesNotExist() {
    Api outsider = newUser("operator", "sales").api();
    String hiddenRun = api.start("ops-report", Map.of());
    String noRun = UUID.randomUUID().toString();

    assertSameAsMissing(
        outsider.get("/api/jobs/ops-report"),
        outsider.get("/api/jobs/no-such-job"),
        "ops-report",
        "no-such-job");
    assertSameAsMissing(
        outsider.post("/api/jobs/ops-report/runs", Map.of()),
        outsider.post("/api/jobs/no-such-job/runs", Map.of()),
        "ops-report",
        "no-such-job");
    for (String suffix : List.of("", "/log", "/events")) {
      assertSameAsMissing(
          outsider.get("/api/runs/" + hiddenRun + suffix),
          outsider.get("/api/runs/" + noRun + suffix),
          hiddenRun,
          noRun);
    }
    assertSameAsMissing(
        outsider.post("/api/runs/" + hiddenRun + "/kill", Map.of()),
        outsider.post("/api/runs/" + noRun + "/kill", Map.of()),
        hiddenRun,
        noRun);
    assertThat(api.get("/api/runs/" + hiddenRun).status()).isEqualTo(200);
  }

  @Test
  void pagesOfAJobOrRunSomeoneMayNotSeeAreNotFoundPages() {
    var outsider = newUser("operator", "sales");
    String hiddenRun = api.start("hidden-job", Map.of());
    WebSession web = WebSession.signIn(api.base(), outsider.username(), PASSWORD);

    HttpResponse<String> job = web.get("/jobs/hidden-job");
    HttpResponse<String> run = web.get("/runs/" + hiddenRun);
    HttpResponse<String> missingRun = web.get("/runs/" + UUID.randomUUID());

    assertThat(job.statusCode()).isEqualTo(404);
    assertThat(job.body())
        .contains("There is no job &#39;hidden-job&#39;")
        .doesNotContain("Seen by one group");
    assertThat(run.statusCode()).isEqualTo(404);
    assertThat(withoutToken(run.body()).replace(hiddenRun, "ID"))
        .isEqualTo(withoutToken(missingRun.body()).replaceAll("[0-9a-f-]{36}", "ID"));
    assertThat(web.get("/").body()).doesNotContain("hidden-job", "ops-report");
    assertThat(web.post("/jobs/hidden-job/runs", Map.of()).statusCode()).isEqualTo(404);
  }

  @Test
  void someoneWhoMaySeeButNotRunGetsForbiddenAndNoButtons() {
    var supportOperator = newUser("operator", "support");
    var supportViewer = newUser("viewer", "support");
    String running = api.start("ops-deploy", Map.of());
    try {
      for (var person : List.of(supportOperator, supportViewer)) {
        Api.Response start = person.api().post("/api/jobs/ops-deploy/runs", Map.of());
        Api.Response kill = person.api().post("/api/runs/" + running + "/kill", Map.of());
        assertThat(start.status()).isEqualTo(403);
        assertThat(start.json()).containsKey("error");
        assertThat(kill.status()).isEqualTo(403);
        assertThat(person.api().get("/api/runs/" + running).status()).isEqualTo(200);

        WebSession web = WebSession.signIn(api.base(), person.username(), PASSWORD);
        String catalog = web.get("/").body();
        assertThat(catalog).contains("data-job-id=\"ops-deploy\"");
        assertThat(card(catalog, "ops-deploy"))
            .doesNotContain("card-actions", "/jobs/ops-deploy/runs");
        assertThat(web.get("/jobs/ops-deploy").body())
            .doesNotContain("id=\"run-form\"")
            .contains("id=\"view-only\"");
        String runPage = web.get("/runs/" + running).body();
        assertThat(runPage).doesNotContain("id=\"kill-form\"", "/again");
        assertThat(web.post("/runs/" + running + "/kill", Map.of()).statusCode()).isEqualTo(403);
        assertThat(web.post("/jobs/ops-deploy/runs", Map.of()).statusCode()).isEqualTo(403);
      }
      assertThat(api.state(running)).isEqualTo("running");
      assertThat(supportViewer.api().post("/api/jobs/classic-demo/runs", Map.of()).status())
          .as("a viewer runs nothing, even a job without allow")
          .isEqualTo(403);
    } finally {
      api.post("/api/runs/" + running + "/kill", Map.of());
    }
  }

  @Test
  void operatorsInTheRunGroupStartAndKillAndTheRunSaysWho() {
    var starter = newUser("operator", "ops");
    var killer = newUser("operator", "ops");
    String runId = starter.api().start("ops-ticker", Map.of());
    awaitState(runId, "running");

    Api.Response kill = killer.api().post("/api/runs/" + runId + "/kill", Map.of());
    assertThat(kill.status()).isEqualTo(202);
    awaitState(runId, "killed");

    Map<String, Object> run = api.run(runId);
    assertThat(run)
        .containsEntry("startedBy", starter.username())
        .containsEntry("killedBy", killer.username());
    assertThat(ids(api.get("/api/runs?startedBy=" + starter.username()))).containsExactly(runId);
    assertThat(ids(api.get("/api/runs?startedBy=" + killer.username()))).isEmpty();
    WebSession web = WebSession.signIn(api.base(), starter.username(), PASSWORD);
    assertThat(web.get("/runs/" + runId).body())
        .contains(
            "id=\"run-started-by\">" + starter.username(),
            "id=\"run-killed-by\">" + killer.username());
    String history = web.get("/runs?startedBy=" + starter.username()).body();
    assertThat(history).contains("data-run-id=\"" + runId + "\"");
    assertThat(web.get("/runs?startedBy=" + killer.username()).body())
        .doesNotContain("data-run-id=\"" + runId + "\"");
  }

  @Test
  void historyLeavesOutTheRunsOfJobsSomeoneMayNotSee() {
    var outsider = newUser("operator", "sales");
    String hidden = api.start("ops-report", Map.of());
    String open = api.start("exit-code", Map.of("code", 0));
    awaitState(hidden, "succeeded");
    awaitState(open, "succeeded");

    assertThat(ids(outsider.api().get("/api/runs?limit=500")))
        .contains(open)
        .doesNotContain(hidden);
    assertThat(ids(outsider.api().get("/api/runs?jobId=ops-report"))).isEmpty();
    assertThat(ids(api.get("/api/runs?limit=500"))).contains(open, hidden);
    var web = WebSession.signIn(api.base(), outsider.username(), PASSWORD);
    String page = web.get("/runs").body();
    assertThat(page).contains("data-run-id=\"" + open + "\"").doesNotContain(hidden, "ops-report");
  }

  @Test
  void theLiveStreamOfEveryRunLeavesOutJobsSomeoneMayNotSee() throws Exception {
    Api outsider = newUser("operator", "sales").api();
    try (SseClient all = outsider.events("/api/events");
        SseClient everything = api.events("/api/events")) {
      eventually().until(() -> all.response() != null && everything.response() != null);
      String hidden = api.start("ops-report", Map.of());
      String open = api.start("exit-code", Map.of("code", 0));
      awaitState(hidden, "succeeded");
      awaitState(open, "succeeded");
      eventually().until(() -> runIds(everything).contains(hidden) && runIds(all).contains(open));
      eventually().until(() -> states(all, open).contains("succeeded"));
      assertThat(runIds(all)).doesNotContain(hidden);
      assertThat(all.events().stream().map(SseEvent::data).toList())
          .noneMatch(d -> d.contains("ops-report"));
    }
  }

  @Test
  void aStreamEndsOnceItsViewerMayNoLongerSeeTheJob() throws Exception {
    var ops = newUser("operator", "ops");
    String runId = api.start("ops-ticker", Map.of());
    try (SseClient viewer = ops.api().events("/api/runs/" + runId + "/events")) {
      eventually().until(() -> viewer.outputs().size() >= 2);
      assertThat(
              api.put("/api/users/" + ops.username(), Map.of("groups", List.of("sales"))).status())
          .isEqualTo(200);
      viewer.awaitEnd(Duration.ofSeconds(20));
      assertThat(viewer.ended()).as("cut off within the recheck interval").isTrue();
      assertThat(api.state(runId)).isEqualTo("running");
      assertThat(ops.api().get("/api/runs/" + runId).status()).isEqualTo(404);
    } finally {
      api.post("/api/runs/" + runId + "/kill", Map.of());
    }
  }

  @Test
  void theStreamOfEveryRunEndsWhenItsViewerIsDeleted() throws Exception {
    var person = newUser("viewer");
    try (SseClient all = person.api().events("/api/events")) {
      eventually().until(() -> all.response() != null);
      assertThat(all.response().statusCode()).isEqualTo(200);
      assertThat(api.delete("/api/users/" + person.username()).status()).isEqualTo(204);
      all.awaitEnd(Duration.ofSeconds(20));
      assertThat(all.ended()).isTrue();
    }
    assertThat(person.api().get("/api/me").status()).isEqualTo(401);
  }

  private static void assertSameAsMissing(
      Api.Response hidden, Api.Response missing, String hiddenId, String missingId) {
    assertThat(hidden.status()).isEqualTo(404).isEqualTo(missing.status());
    assertThat(hidden.body().replace(hiddenId, "ID"))
        .isEqualTo(missing.body().replace(missingId, "ID"));
    assertThat(hidden.contentType()).isEqualTo(missing.contentType());
  }

  private static List<String> jobIds(Api api) {
    Api.Response jobs = api.get("/api/jobs");
    assertThat(jobs.status()).isEqualTo(200);
    return jobs.jsonList().stream().map(job -> (String) job.get("id")).toList();
  }

  private static List<String> ids(Api.Response runs) {
    assertThat(runs.status()).isEqualTo(200);
    return runs.jsonList().stream().map(run -> (String) run.get("id")).toList();
  }

  private static List<String> runIds(SseClient stream) {
    return stream.events().stream()
        .filter(SseEvent::isState)
        .map(e -> (String) e.json().get("id"))
        .toList();
  }

  private static List<String> states(SseClient stream, String runId) {
    return stream.events().stream()
        .filter(SseEvent::isState)
        .filter(e -> runId.equals(e.json().get("id")))
        .map(SseEvent::state)
        .toList();
  }

  /** A page without its CSRF token, which differs at every rendering. */
  private static String withoutToken(String page) {
    return page.replaceAll("name=\"csrf-token\" content=\"[^\"]+\"", "")
        .replaceAll("name=\"_csrf\" value=\"[^\"]+\"", "");
  }

  /** The catalog card of one job. */
  private static String card(String catalog, String jobId) {
    int start = catalog.indexOf("data-job-id=\"" + jobId + "\"");
    int end = catalog.indexOf("</li>", start);
    return catalog.substring(start, end);
  }
}
