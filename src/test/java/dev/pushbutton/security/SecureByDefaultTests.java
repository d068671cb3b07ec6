package dev.pushbutton.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushbutton.testing.Api;
import dev.pushbutton.testing.ServerTest;
import dev.pushbutton.testing.WebSession;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Nobody who has not signed in gets anything but the sign-in page, its assets and health. */
class SecureByDefaultTests extends ServerTest {
  private static final List<String> PAGES =
      List.of(
          "/",
          "/jobs/classic-demo",
          "/runs",
          "/runs/table",
          "/runs/0199aaaa-0000-7000-8000-000000000000",
          "/users",
          "/users/admin",
          "/account/tokens",
          "/account/password",
          "/no-such-page");
  private static final List<String> API_GETS =
      List.of(
          "/api/jobs",
          "/api/jobs/classic-demo",
          "/api/runs",
          "/api/runs/0199aaaa-0000-7000-8000-000000000000",
          "/api/runs/0199aaaa-0000-7000-8000-000000000000/log",
          "/api/runs/0199aaaa-0000-7000-8000-000000000000/events",
          "/api/events",
          "/api/me",
          "/api/users",
          "/api/tokens",
          "/api/no-such-route",
          "/actuator/prometheus",
          "/actuator/env");
  private static final List<String> API_POSTS =
      List.of(
          "/api/jobs/classic-demo/runs",
          "/api/runs/0199aaaa-0000-7000-8000-000000000000/kill",
          "/api/users",
          "/api/tokens");

  @Test
  void pagesSendAnonymousVisitorsToTheSignInPage() {
    for (String page : PAGES) {
      HttpResponse<String> answer = WebSession.anonymous(api.base()).get(page);
      assertThat(answer.statusCode()).as(page).isEqualTo(302);
      assertThat(answer.headers().firstValue("Location").orElseThrow()).as(page).endsWith("/login");
    }
    HttpResponse<String> form =
        WebSession.anonymous(api.base()).postWithoutToken("/jobs/classic-demo/runs", Map.of());
    assertThat(form.statusCode()).isEqualTo(302);
    assertThat(form.headers().firstValue("Location").orElseThrow()).endsWith("/login");
  }

  @Test
  void theApiAnswersAnonymousCallersWith401AndAChallenge() {
    Api anonymous = api.anonymous();
    for (String path : API_GETS) {
      assertUnauthorized(anonymous.get(path), path);
    }
    for (String path : API_POSTS) {
      assertUnauthorized(anonymous.post(path, Map.of()), path);
    }
    assertUnauthorized(anonymous.delete("/api/users/admin"), "DELETE /api/users/admin");
    assertUnauthorized(api.anonymous().withToken("pb_forged").get("/api/jobs"), "forged token");
    assertUnauthorized(api.as("admin", "wrong password!").get("/api/jobs"), "wrong password");
    assertThat(api.get("/api/runs?jobId=classic-demo&limit=500").jsonList())
        .as("nothing started anonymously")
        .noneMatch(run -> run.get("startedBy") == null);
  }

  @Test
  void thePagesOwnRequestsGetNoPasswordDialog() {
    HttpResponse<String> fromPage =
        WebSession.anonymous(api.base())
            .send(
                HttpRequest.newBuilder(URI.create(api.base() + "/api/runs/x"))
                    .header("Sec-Fetch-Mode", "cors")
                    .build());
    assertThat(fromPage.statusCode()).isEqualTo(401);
    assertThat(fromPage.headers().firstValue("WWW-Authenticate").orElseThrow())
        .startsWith("Bearer")
        .doesNotContain("Basic");
  }

  @Test
  void theSignInPageItsAssetsAndHealthAreOpenToAll() {
    WebSession anonymous = WebSession.anonymous(api.base());
    HttpResponse<String> signIn = anonymous.get("/login");
    assertThat(signIn.statusCode()).isEqualTo(200);
    assertThat(signIn.body()).contains("id=\"username\"", "id=\"password\"", "name=\"_csrf\"");
    for (String asset :
        List.of(
            "/css/app.css", "/js/app.js", "/favicon.svg", "/webjars/htmx.org/dist/htmx.min.js")) {
      assertThat(anonymous.get(asset).statusCode()).as(asset).isEqualTo(200);
    }
    HttpResponse<String> health = anonymous.get("/actuator/health");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("UP");
  }

  @Test
  void metricsNeedASignedInUser() {
    assertThat(api.get("/actuator/prometheus").status()).isEqualTo(200);
  }

  private static void assertUnauthorized(Api.Response answer, String what) {
    assertThat(answer.status()).as(what).isEqualTo(401);
    assertThat(answer.header("WWW-Authenticate")).as(what).contains("Basic realm=\"Pushbutton\"");
    assertThat(answer.contentType()).as(what).startsWith("application/json");
    assertThat(answer.json()).as(what).containsKey("error");
  }
}
