package dev.pushbutton.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushbutton.testing.Api;
import dev.pushbutton.testing.ServerTest;
import dev.pushbutton.testing.WebSession;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Why a run was asked for: refused when a job requires it and it is missing or too long, over the
 * API and on the form alike; kept with the run, shown on its page and in the history. The test
 * catalog's {@code needs-reason} requires one, {@code maybe-reason} asks for one.
 */
class ReasonTests extends ServerTest {
  private WebSession web;

  @BeforeEach
  void signIn() {
    web = WebSession.signIn(api.base(), "admin", ADMIN_PASSWORD);
  }

  @Test
  void aJobThatRequiresAReasonRefusesARunWithoutOneAndStartsNothing() {
    int before = api.get("/api/runs?jobId=needs-reason").jsonList().size();

    for (Object body :
        java.util.List.of(
            Map.of(),
            Map.of("params", Map.of()),
            Map.of("reason", ""),
            Map.of("reason", "  \n "))) {
      Api.Response refused = api.post("/api/jobs/needs-reason/runs", body);
      assertThat(refused.status()).as("body %s", body).isEqualTo(400);
      assertThat(refused.json())
          .containsEntry("field", "reason")
          .containsEntry("error", "Please say why you are running this.");
    }
    Api.Response notText = api.post("/api/jobs/needs-reason/runs", Map.of("reason", 42));
    assertThat(notText.status()).isEqualTo(400);
    assertThat(notText.json()).containsEntry("field", "reason");

    assertThat(api.get("/api/runs?jobId=needs-reason").jsonList()).hasSize(before);
  }

  @Test
  void aReasonOverFiveHundredCharactersIsRefusedEvenByAJobThatAsksNone() {
    String tooLong = "é".repeat(501); // characters, not bytes: 500 of these are fine
    Api.Response refused = api.post("/api/jobs/needs-reason/runs", Map.of("reason", tooLong));
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json())
        .containsEntry("field", "reason")
        .containsEntry("error", "The reason must be at most 500 characters long.");
    assertThat(api.post("/api/jobs/classic-demo/runs", Map.of("reason", tooLong)).json())
        .containsEntry("field", "reason");

    Api.Response fits = api.post("/api/jobs/needs-reason/runs", Map.of("reason", "é".repeat(500)));
    assertThat(fits.status()).isEqualTo(201);
  }

  @Test
  void badParametersAndAMissingReasonAreNamedTogether() {
    Map<String, Object> body = new HashMap<>();
    body.put("params", Map.of("note", ""));
    Api.Response refused = api.post("/api/jobs/maybe-reason/runs", body);
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json()).containsEntry("field", "note");

    refused = api.post("/api/jobs/needs-reason/runs", Map.of("params", Map.of("nope", "x")));
    assertThat(refused.json().get("fields"))
        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
        .containsOnlyKeys("nope", "reason");
  }

  @Test
  void theReasonIsKeptWithTheRunAndShownOnItsPageAndInTheHistory() {
    String why = "Ticket OPS-42: the <cache> is stale\nsecond line";
    Api.Response created =
        api.post("/api/jobs/needs-reason/runs", Map.of("reason", "  " + why + "  "));
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.json()).containsEntry("reason", why);
    String runId = (String) created.json().get("id");
    awaitState(runId, "succeeded");
    assertThat(api.run(runId)).containsEntry("reason", why);

    String page = web.get("/runs/" + runId).body();
    assertThat(page)
        .contains("id=\"run-reason\"")
        .contains(
            "class=\"run-reason-text\">Ticket OPS-42: the &lt;cache&gt; is stale\nsecond"
                + " line</p>");

    String history = web.get("/runs?jobId=needs-reason").body();
    assertThat(history)
        .contains(
            "class=\"run-reason-line muted\" title=\"Ticket OPS-42: the &lt;cache&gt; is stale\n"
                + "second line\"");
    assertThat(web.get("/runs/table?jobId=needs-reason").body())
        .contains("Ticket OPS-42: the &lt;cache&gt; is stale");
  }

  @Test
  void aJobThatAsksNoReasonKeepsOneGivenAnyway() {
    Api.Response created =
        api.post("/api/jobs/classic-demo/runs", Map.of("reason", "checking the demo"));
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.json()).containsEntry("reason", "checking the demo");
    Api.Response without =
        api.post("/api/jobs/maybe-reason/runs", Map.of("params", Map.of("note", "hi")));
    assertThat(without.status()).isEqualTo(201);
    assertThat(without.json()).containsEntry("reason", null);
    assertThat(api.get("/api/jobs/needs-reason").json()).containsEntry("reason", "required");
    assertThat(api.get("/api/jobs/maybe-reason").json()).containsEntry("reason", "optional");
    assertThat(api.get("/api/jobs/classic-demo").json()).containsEntry("reason", "none");
  }

  @Test
  void theFormAsksWhyAndSaysWhenItIsRequired() {
    String required = web.get("/jobs/needs-reason").body();
    assertThat(required)
        .contains("<label for=\"param-_reason\">", "Why are you running this?", "(required)")
        .contains("id=\"hint-_reason\">At most 500 characters<")
        .contains("data-msg-required=\"Please say why you are running this.\"");
    String optional = web.get("/jobs/maybe-reason").body();
    assertThat(optional).contains("Why are you running this?");
    assertThat(fieldOfReason(optional)).doesNotContain("(required)", "required=");
    assertThat(web.get("/jobs/classic-demo").body()).doesNotContain("Why are you running this?");
    // A job that asks for a reason opens its form from the catalog rather than starting at once.
    assertThat(web.get("/").body()).contains("aria-label=\"Run Says why it runs…\"");
  }

  @Test
  void aFormWithoutARequiredReasonShowsTheMessageBesideTheField() {
    HttpResponse<String> refused = web.post("/jobs/needs-reason", Map.of("_reason", " "));
    assertThat(refused.statusCode()).isEqualTo(400);
    String page = refused.body();
    assertThat(fieldOfReason(page))
        .contains("class=\"field reason invalid\"", "aria-invalid=\"true\"", "autofocus")
        .contains("id=\"error-_reason\" role=\"alert\">Please say why you are running this.</p>");
    assertThat(page).contains("Please correct 1 field:", "<a href=\"#param-_reason\">Reason</a>");

    // Named together with a bad parameter, and the text typed is kept.
    HttpResponse<String> both =
        web.post("/jobs/maybe-reason", Map.of("note", "", "_reason", "x".repeat(501)));
    assertThat(both.statusCode()).isEqualTo(400);
    assertThat(both.body())
        .contains("<a href=\"#param-note\">Note</a>, <a href=\"#param-_reason\">Reason</a>")
        .contains("The reason must be at most 500 characters long.")
        .contains(">" + "x".repeat(501) + "</textarea>");
  }

  @Test
  void aFormWithAReasonStartsTheRunWithIt() {
    HttpResponse<String> answer =
        web.post("/jobs/needs-reason", Map.of("_reason", "Restarting after the config change"));
    assertThat(answer.statusCode()).isEqualTo(302);
    String location = answer.headers().firstValue("Location").orElseThrow();
    String runId = location.substring(location.lastIndexOf('/') + 1);
    assertThat(api.run(runId)).containsEntry("reason", "Restarting after the config change");
  }

  private static String fieldOfReason(String page) {
    int start = page.indexOf("<div class=\"field reason");
    assertThat(start).as("the reason field").isNotNegative();
    return page.substring(start, page.indexOf("</div>", start));
  }
}
