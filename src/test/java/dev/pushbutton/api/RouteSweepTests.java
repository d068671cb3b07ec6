package dev.pushbutton.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushbutton.testing.RawHttp;
import dev.pushbutton.testing.ServerTest;
import dev.pushbutton.testing.WebSession;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every route of the app with every method, many Accept headers and odd but legal bodies, as real
 * HTTP: nothing a client sends gets a 5xx, and every refusal of the API is its usual JSON body.
 */
class RouteSweepTests extends ServerTest {
  private static final String JOB = "exit-code";
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Duration ANSWER_WITHIN = Duration.ofSeconds(10);

  private static final List<String> API_ROUTES =
      List.of(
          "/api/jobs",
          "/api/jobs/{jobId}",
          "/api/jobs/{jobId}/runs",
          "/api/runs",
          "/api/runs/{runId}",
          "/api/runs/{runId}/log",
          "/api/runs/{runId}/log/streams",
          "/api/runs/{runId}/events",
          "/api/runs/{runId}/kill",
          "/api/runs/{runId}/approve",
          "/api/runs/{runId}/reject",
          "/api/runs/{runId}/approvals",
          "/api/events",
          "/api/me",
          "/api/me/password",
          "/api/users",
          "/api/users/{username}",
          "/api/tokens",
          "/api/tokens/{apiTokenId}",
          "/api/audit",
          "/api/audit/verify",
          "/actuator/health",
          "/actuator/prometheus");
  private static final List<String> PAGE_ROUTES =
      List.of(
          "/",
          "/jobs/{jobId}",
          "/jobs/{jobId}/runs",
          "/runs",
          "/runs/table",
          "/runs/{runId}",
          "/runs/{runId}/kill",
          "/runs/{runId}/again",
          "/runs/{runId}/approval",
          "/runs/{runId}/approve",
          "/runs/{runId}/reject",
          "/approvals",
          "/users",
          "/users/{username}",
          "/users/{username}/delete",
          "/account/tokens",
          "/account/tokens/{pageTokenId}/revoke",
          "/account/password",
          "/audit",
          "/login");

  private static final List<String> METHODS =
      List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

  /** Null: no Accept header at all. */
  private static final List<String> ACCEPTS =
      Arrays.asList(
          null,
          "*/*",
          "application/json",
          "text/html",
          "text/plain",
          "text/event-stream",
          "image/png",
          "application/xml");

  private static final List<Body> BODIES =
      List.of(
          Body.json("{}"),
          Body.json("[]"),
          Body.json("\"text\""),
          new Body("invalid JSON", "application/json", "{"),
          Body.json("{\"params\": {\"code\": 1e400}}"),
          Body.json("{\"params\": {\"code\": 99999999999999999999999}}"),
          Body.json("{\"name\": {\"a\": 1}, \"username\": [1]}"),
          new Body("form a=1&b=2", "application/x-www-form-urlencoded", "a=1&b=2"),
          new Body("form a=%ZZ", "application/x-www-form-urlencoded", "a=%ZZ"),
          new Body("text/plain", "text/plain", "just some text"),
          new Body("multipart, bogus boundary", "multipart/form-data; boundary=bogus", "not parts"),
          new Body("Content-Type: nonsense", "nonsense", "something"));

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(ANSWER_WITHIN)
          .build();

  @AfterEach
  void closeClient() {
    http.close();
  }

  @Test
  void noRequestAnyClientCanSendGetsAServerErrorAndEveryApiRefusalIsJson() {
    Map<String, String> real = realIds();
    WebSession browser = WebSession.signIn(api.base(), "admin", ADMIN_PASSWORD);

    Sweep sweep = sweep(targets(real), probes(), credentials(browser));

    assertThat(sweep.failures())
        .withFailMessage(
            "%d of %d requests were answered wrongly:%s",
            sweep.failures().size(), sweep.sent(), String.join("", sweep.failures()))
        .isEmpty();
    assertThat(browser.get("/").statusCode())
        .as("the browser was signed in all through the sweep, so its pages were really reached")
        .isEqualTo(200);
    awaitNoActiveRuns();
  }

  /** How many requests went out, and every one answered wrongly, described. */
  private record Sweep(int sent, List<String> failures) {}

  private Sweep sweep(
      List<Target> targets, List<Probe> probes, Map<Caller, Map<String, String>> callers) {
    var failures = new ArrayList<String>();
    var statuses = new TreeMap<Integer, Integer>();
    long started = System.nanoTime();
    for (Target target : targets) {
      for (Probe probe : probes) {
        Answer answer = send(target, probe, callers.get(target.caller()));
        statuses.merge(answer.status(), 1, Integer::sum);
        String problem = problem(target, probe, answer);
        if (problem != null) {
          failures.add(describe(target, probe, answer, problem));
        }
      }
    }
    int sent = targets.size() * probes.size();
    // For whoever tunes the sweep: how long it takes, and what it met.
    System.out.printf(
        Locale.ROOT,
        "route sweep: %d requests in %.1f s; statuses %s%n",
        sent,
        (System.nanoTime() - started) / 1e9,
        statuses);
    return new Sweep(sent, failures);
  }

  /** The headers that sign each caller in: Basic, or the session cookie and its CSRF token. */
  private Map<Caller, Map<String, String>> credentials(WebSession browser) {
    return Map.of(
        Caller.SCRIPT,
        Map.of("Authorization", api.authorization()),
        Caller.BROWSER,
        Map.of(
            "Cookie",
            "SESSION=" + browser.sessionId().orElseThrow(),
            "X-CSRF-TOKEN",
            WebSession.token(browser.get("/").body())));
  }

  /** Who sends a request: a script with HTTP Basic, or a signed-in browser with its CSRF token. */
  private enum Caller {
    SCRIPT,
    BROWSER
  }

  /** A route with its ids filled in, and who calls it. */
  private record Target(String path, boolean api, Caller caller) {}

  /** A method, an Accept header (null for none) and a body (null for none). */
  private record Probe(String method, String accept, Body body) {}

  private record Body(String label, String contentType, String text) {
    static Body json(String text) {
      return new Body("JSON " + text, "application/json", text);
    }
  }

  private record Answer(int status, String contentType, String body) {}

  /**
   * Real ids (a job, a finished run of it, the admin, a token for each token route) and unknown
   * ones.
   */
  private Map<String, String> realIds() {
    String runId = api.start(JOB, Map.of("code", 0));
    awaitState(runId, "succeeded");
    return Map.of(
        "{jobId}",
        JOB,
        "{runId}",
        runId,
        "{username}",
        "admin",
        "{apiTokenId}",
        newToken(),
        "{pageTokenId}",
        newToken());
  }

  private static final Map<String, String> UNKNOWN_IDS =
      Map.of(
          "{jobId}", "no-such-job",
          "{runId}", "no-such-run",
          "{username}", "no-such-user",
          "{apiTokenId}", "no-such-token",
          "{pageTokenId}", "no-such-token");

  private String newToken() {
    var made = api.post("/api/tokens", Map.of("name", "route sweep"));
    assertThat(made.status()).as(made.body()).isEqualTo(201);
    return (String) made.json().get("id");
  }

  /**
   * Every route with real ids, then again with unknown ones where it has ids; the API as a script
   * calls it, the pages as a browser and as a script (which the pages do not sign in).
   */
  private static List<Target> targets(Map<String, String> real) {
    var targets = new ArrayList<Target>();
    for (String route : API_ROUTES) {
      for (String path : filled(route, real)) {
        targets.add(new Target(path, true, Caller.SCRIPT));
      }
    }
    for (String route : PAGE_ROUTES) {
      for (String path : filled(route, real)) {
        targets.add(new Target(path, false, Caller.BROWSER));
        targets.add(new Target(path, false, Caller.SCRIPT));
      }
    }
    return targets;
  }

  private static List<String> filled(String route, Map<String, String> real) {
    if (!route.contains("{")) {
      return List.of(route);
    }
    return List.of(fill(route, real), fill(route, UNKNOWN_IDS));
  }

  private static String fill(String route, Map<String, String> ids) {
    String path = route;
    for (var id : ids.entrySet()) {
      path = path.replace(id.getKey(), id.getValue());
    }
    return path;
  }

  /**
   * For each method: every Accept header without a body, then every body with an Accept header that
   * moves on from method to method. Each body so meets seven of the eight Accept headers, at a
   * twelfth of the requests that every combination would take.
   */
  private static List<Probe> probes() {
    var probes = new ArrayList<Probe>();
    for (int m = 0; m < METHODS.size(); m++) {
      String method = METHODS.get(m);
      for (String accept : ACCEPTS) {
        probes.add(new Probe(method, accept, null));
      }
      for (int b = 0; b < BODIES.size(); b++) {
        probes.add(new Probe(method, ACCEPTS.get((m + b) % ACCEPTS.size()), BODIES.get(b)));
      }
    }
    return probes;
  }

  private Answer send(Target target, Probe probe, Map<String, String> credentials) {
    var headers = new LinkedHashMap<>(credentials);
    if (probe.accept() != null) {
      headers.put("Accept", probe.accept());
    }
    if (probe.body() != null) {
      headers.put("Content-Type", probe.body().contentType());
    }
    try {
      return isStream(target, probe)
          ? raw(target, probe, headers)
          : viaClient(target, probe, headers);
    } catch (IOException e) {
      return new Answer(-1, null, "no answer: " + e);
    }
  }

  /** An event stream would stay open: its status line and headers are all the sweep reads. */
  private static boolean isStream(Target target, Probe probe) {
    return target.path().endsWith("/events")
        && (probe.method().equals("GET") || probe.method().equals("HEAD"));
  }

  private Answer viaClient(Target target, Probe probe, Map<String, String> headers)
      throws IOException {
    var request =
        HttpRequest.newBuilder(URI.create(api.base() + target.path()))
            .timeout(ANSWER_WITHIN)
            .method(
                probe.method(),
                probe.body() == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(probe.body().text()));
    headers.forEach(request::header);
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Answer(
          response.statusCode(),
          response.headers().firstValue("Content-Type").orElse(null),
          response.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (IllegalArgumentException refusedByTheClient) {
      return raw(target, probe, headers);
    }
  }

  private Answer raw(Target target, Probe probe, Map<String, String> headers) throws IOException {
    byte[] body =
        probe.body() == null ? null : probe.body().text().getBytes(StandardCharsets.UTF_8);
    RawHttp.Answer answer =
        RawHttp.exchange(
            port, probe.method(), target.path(), headers, body, (int) ANSWER_WITHIN.toMillis());
    return new Answer(answer.status(), answer.header("Content-Type"), answer.body());
  }

  /**
   * What is wrong with an answer; null when nothing is. An API refusal must be the usual JSON body
   * even when the client's Accept header left JSON out (a 406 most of all): ApiErrors sets the
   * Content-Type outright, and a script reading {@code error} should always find it. Only an answer
   * to HEAD has no body to look at.
   */
  private static String problem(Target target, Probe probe, Answer answer) {
    if (answer.status() < 0) {
      return "no answer";
    }
    if (answer.status() >= 500) {
      return "a server error";
    }
    boolean refused = answer.status() >= 400;
    boolean hasBody = !probe.method().equals("HEAD");
    if (target.api() && refused && hasBody && !isUsualError(answer)) {
      return "an API refusal without the usual JSON body";
    }
    return null;
  }

  /**
   * {@code {"error": "a sentence", "field": "...", "fields": {"...": "a sentence"}}}, nothing else,
   * as application/json; {@code fields}, when there, names {@code field} among the rest.
   */
  private static boolean isUsualError(Answer answer) {
    if (answer.contentType() == null || !answer.contentType().startsWith("application/json")) {
      return false;
    }
    try {
      JsonNode body = JSON.readTree(answer.body());
      return body.isObject()
          && body.path("error").isString()
          && !body.path("error").asString().isBlank()
          && Set.of("error", "field", "fields").containsAll(body.propertyNames())
          && (!body.has("fields") || isEveryFieldSaid(body));
    } catch (JacksonException notJson) {
      return false;
    }
  }

  private static boolean isEveryFieldSaid(JsonNode body) {
    JsonNode fields = body.path("fields");
    return fields.isObject()
        && fields.has(body.path("field").asString())
        && fields.propertyStream().allMatch(field -> field.getValue().isString());
  }

  private static String describe(Target target, Probe probe, Answer answer, String problem) {
    String body = answer.body() == null ? "" : answer.body();
    return String.format(
        "%n  %s %s as %s, Accept: %s, body: %s -> %d %s (%s): %s",
        probe.method(),
        target.path(),
        target.caller(),
        probe.accept() == null ? "(none)" : probe.accept(),
        probe.body() == null ? "(none)" : probe.body().label(),
        answer.status(),
        answer.contentType(),
        problem,
        body.substring(0, Math.min(200, body.length())).replace('\n', ' '));
  }

  /** The runs the sweep started are short; the tests after it find a quiet server. */
  private void awaitNoActiveRuns() {
    eventually()
        .until(() ->
            List.of("queued", "starting", "running").stream()
                .allMatch(state ->
                    api.get("/api/runs?jobId=" + JOB + "&state=" + state).jsonList().isEmpty()));
  }
}
