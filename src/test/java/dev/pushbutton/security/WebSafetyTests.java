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
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** CSRF, the session cookie, signing in and out, throttling, and the headers on every answer. */
@ExtendWith(OutputCaptureExtension.class)
class WebSafetyTests extends ServerTest {

  @Test
  void aCrossSitePostWithTheSessionCookieButNoTokenIsRefused() {
    WebSession web = WebSession.signIn(api.base(), "admin", ADMIN_PASSWORD);
    HttpResponse<String> page = web.postWithoutToken("/jobs/classic-demo/runs", Map.of());
    assertThat(page.statusCode()).isEqualTo(403);
    HttpResponse<String> apiCall =
        web.send(
            HttpRequest.newBuilder(URI.create(api.base() + "/api/jobs/classic-demo/runs"))
                .header("Content-Type", "application/json")
                .header("Sec-Fetch-Site", "cross-site")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build());
    assertThat(apiCall.statusCode()).isEqualTo(403);
    assertThat(apiCall.body()).contains("CSRF");
    HttpResponse<String> kill =
        web.send(
            HttpRequest.newBuilder(URI.create(api.base() + "/api/runs/x/kill"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
    assertThat(kill.statusCode()).isEqualTo(403);
    assertThat(api.get("/api/runs?jobId=classic-demo&limit=500").jsonList())
        .as("nothing was started")
        .allMatch(run -> run.get("startedBy") != null);
  }

  @Test
  void thePagesOwnRequestsCarryTheTokenAndGoThrough() {
    WebSession web = WebSession.signIn(api.base(), "admin", ADMIN_PASSWORD);
    String token = WebSession.token(web.get("/").body());
    HttpResponse<String> withHeader =
        web.send(
            HttpRequest.newBuilder(URI.create(api.base() + "/api/jobs/exit-code/runs"))
                .header("Content-Type", "application/json")
                .header("X-CSRF-TOKEN", token)
                .POST(HttpRequest.BodyPublishers.ofString("{\"params\": {\"code\": 0}}"))
                .build());
    assertThat(withHeader.statusCode()).isEqualTo(201);
  }

  @Test
  void scriptsWithBasicOrATokenNeedNoCsrfTokenUnlessABrowserSentThemFromAnotherSite() {
    assertThat(api.post("/api/jobs/exit-code/runs", Map.of("params", Map.of("code", 0))).status())
        .isEqualTo(201);
    HttpRequest crossSite =
        HttpRequest.newBuilder(api.uri("/api/jobs/exit-code/runs"))
            .header("Content-Type", "application/json")
            .header("Sec-Fetch-Site", "cross-site")
            .POST(HttpRequest.BodyPublishers.ofString("{}"))
            .build();
    assertThat(api.send(crossSite).status())
        .as("remembered Basic credentials sent by a page on another site")
        .isEqualTo(403);
  }

  @Test
  void theSessionCookieIsHttpOnlyLaxAndSecureBehindAnHttpsProxy() {
    HttpResponse<String> plain = signInForm(Map.of());
    HttpResponse<String> proxied = signInForm(Map.of("X-Forwarded-Proto", "https"));

    String cookie = plain.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(cookie)
        .startsWith("SESSION=")
        .contains("HttpOnly", "SameSite=Lax")
        .doesNotContain("Secure");
    String secure = proxied.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(secure).contains("HttpOnly", "SameSite=Lax", "Secure");
    assertThat(proxied.headers().firstValue("Strict-Transport-Security")).isPresent();
    assertThat(plain.headers().firstValue("Strict-Transport-Security")).isEmpty();
  }

  @Test
  void signingInGivesANewSessionAndSigningOutEndsIt() {
    WebSession web = WebSession.anonymous(api.base());
    web.get("/login");
    String before = web.sessionId().orElseThrow();
    assertThat(web.signInAs("admin", ADMIN_PASSWORD).statusCode()).isEqualTo(302);
    String after = web.sessionId().orElseThrow();
    assertThat(after).isNotEqualTo(before);
    assertThat(web.get("/").statusCode()).isEqualTo(200);

    String token = WebSession.token(web.get("/").body());
    HttpResponse<String> out = web.postWithoutToken("/logout", Map.of("_csrf", token));
    assertThat(out.statusCode()).isEqualTo(302);
    assertThat(out.headers().firstValue("Location").orElseThrow()).endsWith("/login?signedOut");

    WebSession stolen = WebSession.anonymous(api.base());
    HttpResponse<String> replayed =
        stolen.send(
            HttpRequest.newBuilder(URI.create(api.base() + "/"))
                .header("Cookie", "SESSION=" + after)
                .build());
    assertThat(replayed.statusCode()).as("the old session is gone").isEqualTo(302);
    assertThat(replayed.headers().firstValue("Location").orElseThrow()).endsWith("/login");
  }

  @Test
  void aPageAskedForBeforeSigningInIsWhereSigningInLeads() {
    WebSession web = WebSession.anonymous(api.base());
    HttpResponse<String> asked = web.get("/runs?state=failed");
    assertThat(asked.statusCode()).isEqualTo(302);
    assertThat(asked.headers().firstValue("Location").orElseThrow()).endsWith("/login");
    HttpResponse<String> signedIn = web.signInAs("admin", ADMIN_PASSWORD);
    assertThat(signedIn.headers().firstValue("Location").orElseThrow())
        .endsWith("/runs?state=failed&continue");
  }

  @Test
  void repeatedWrongPasswordsLockTheNameEvenAgainstTheRightOne(CapturedOutput log) {
    var person = newUser("viewer");
    Api wrong = api.as(person.username(), "not the password");
    for (int i = 1; i <= 5; i++) {
      assertThat(wrong.get("/api/me").status()).as("attempt " + i).isEqualTo(401);
    }
    Api.Response locked = wrong.get("/api/me");
    assertThat(locked.status()).isEqualTo(429);
    assertThat(Integer.parseInt(locked.header("Retry-After"))).isBetween(1, 30);
    assertThat(locked.json()).containsKey("error");
    Api.Response right = person.api().get("/api/me");
    assertThat(right.status()).as("the right password is refused too").isEqualTo(429);

    WebSession web = WebSession.anonymous(api.base());
    HttpResponse<String> form = web.signInAs(person.username(), PASSWORD);
    assertThat(form.statusCode()).isEqualTo(429);
    assertThat(form.headers().firstValue("Retry-After")).isPresent();
    assertThat(form.body()).contains("Too many failed sign-ins", "id=\"password\"");
    WebSession other = WebSession.anonymous(api.base());
    assertThat(other.signInAs(person.username().toUpperCase(), PASSWORD).statusCode())
        .as("the same name in capitals")
        .isEqualTo(429);
    assertThat(api.get("/api/me").status()).as("other names are not locked").isEqualTo(200);
    assertThat(log.getAll())
        .contains("sign-in as '" + person.username() + "' from 127.0.0.1 failed (5 in a row)")
        .doesNotContain("not the password");
  }

  @Test
  void aWrongPasswordOnTheFormSaysSoWithoutSayingWhichPartWasWrong() {
    WebSession web = WebSession.anonymous(api.base());
    HttpResponse<String> unknown = web.signInAs("nobody-at-all", "whatever it is");
    assertThat(unknown.statusCode()).isEqualTo(302);
    assertThat(unknown.headers().firstValue("Location").orElseThrow()).endsWith("/login?error");
    assertThat(web.get("/login?error").body()).contains("Wrong user name or password.");
  }

  @Test
  void everyAnswerCarriesTheSecurityHeaders() {
    List<HttpResponse<String>> answers =
        List.of(
            WebSession.anonymous(api.base()).get("/login"),
            WebSession.anonymous(api.base()).get("/"),
            WebSession.anonymous(api.base()).get("/api/jobs"),
            WebSession.signIn(api.base(), "admin", ADMIN_PASSWORD).get("/runs"),
            WebSession.anonymous(api.base()).get("/actuator/health"));
    for (HttpResponse<String> answer : answers) {
      var headers = answer.headers();
      assertThat(headers.firstValue("Content-Security-Policy").orElse(""))
          .as(answer.uri().toString())
          .contains("frame-ancestors 'none'", "script-src 'self'")
          .doesNotContain("unsafe-inline");
      assertThat(headers.firstValue("X-Content-Type-Options")).contains("nosniff");
      assertThat(headers.firstValue("Referrer-Policy")).contains("same-origin");
      assertThat(headers.firstValue("Cache-Control").orElse("")).contains("no-store");
    }
    HttpResponse<String> script = WebSession.anonymous(api.base()).get("/js/app.js");
    assertThat(script.headers().firstValue("Cache-Control"))
        .as("kept, but asked about")
        .contains("no-cache");
    assertThat(script.headers().firstValue("Last-Modified")).isPresent();
  }

  private HttpResponse<String> signInForm(Map<String, String> headers) {
    WebSession web = WebSession.anonymous(api.base());
    String token = WebSession.token(web.get("/login").body());
    var request =
        HttpRequest.newBuilder(URI.create(api.base() + "/login"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "username=admin&password="
                        + ADMIN_PASSWORD
                        + "&_csrf="
                        + java.net.URLEncoder.encode(
                            token, java.nio.charset.StandardCharsets.UTF_8)));
    headers.forEach(request::header);
    return web.send(request.build());
  }
}
