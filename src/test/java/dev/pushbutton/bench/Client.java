package dev.pushbutton.bench;

import dev.pushbutton.run.RunState;
import dev.pushbutton.testing.Api;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The benchmark's HTTP client for the JSON API, signed in as scripts are, with an API token: a
 * password checked on every request would measure bcrypt, not Pushbutton.
 */
final class Client {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final String base;
  private final String authorization;

  private Client(String base, String authorization) {
    this.base = base;
    this.authorization = authorization;
  }

  /** Signs in as {@code username} with HTTP Basic once, to make a token for everything after. */
  static Client withToken(String base, String username, String password)
      throws IOException, InterruptedException {
    var basic = new Client(base, Api.basicHeader(username, password));
    var request =
        basic
            .signed(base + "/api/tokens")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"benchmark\"}"))
            .build();
    HttpResponse<String> made = basic.http.send(request, HttpResponse.BodyHandlers.ofString());
    if (made.statusCode() == 404) {
      return new Client(base, null); // a build from before sign-in existed (--jar=...): anonymous
    }
    if (made.statusCode() != 201) {
      throw new IOException("making a token: " + made.statusCode() + " " + made.body());
    }
    return new Client(base, "Bearer " + JSON.readValue(made.body(), Map.class).get("token"));
  }

  String base() {
    return base;
  }

  /** The {@code Authorization} header every request of the benchmark carries; null if none. */
  String authorization() {
    return authorization;
  }

  private HttpRequest.Builder signed(String uri) {
    var request = HttpRequest.newBuilder(URI.create(uri));
    return authorization == null ? request : request.header("Authorization", authorization);
  }

  /** Starts a run; returns its id. */
  String start(String jobId, Map<String, ?> params) throws IOException, InterruptedException {
    var request =
        signed(base + "/api/jobs/" + jobId + "/runs")
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    JSON.writeValueAsString(Map.of("params", params))))
            .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 201) {
      throw new IOException(
          "starting " + jobId + ": " + response.statusCode() + " " + response.body());
    }
    return (String) JSON.readValue(response.body(), Map.class).get("id");
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> run(String runId) throws IOException, InterruptedException {
    return JSON.readValue(get("/api/runs/" + runId).body(), Map.class);
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(signed(base + path).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Waits (polling every 5 ms) until the run is in a final state; returns that state. */
  String awaitEnd(String runId) throws IOException, InterruptedException {
    while (true) {
      String state = (String) run(runId).get("state");
      if (isFinal(state)) {
        return state;
      }
      Thread.sleep(5);
    }
  }

  /** Whether {@code state}, a state's API name, is one a run ends in. */
  static boolean isFinal(String state) {
    RunState known = RunState.fromApiName(state);
    return known != null && known.isTerminal();
  }
}
