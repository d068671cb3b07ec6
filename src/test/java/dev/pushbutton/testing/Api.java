package dev.pushbutton.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * A plain HTTP client for the JSON API, as another tool would use it: signed in with HTTP Basic or
 * an API token (every request carries the header), or anonymous.
 */
public final class Api {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final HttpClient client = HttpClient.newHttpClient();
  private final String base;
  private final String authorization; // null for anonymous

  private Api(String base, String authorization) {
    this.base = base;
    this.authorization = authorization;
  }

  public static Api anonymous(String base) {
    return new Api(base, null);
  }

  public static Api basic(String base, String username, String password) {
    return new Api(base, basicHeader(username, password));
  }

  public static Api bearer(String base, String token) {
    return new Api(base, "Bearer " + token);
  }

  public static String basicHeader(String username, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** The same server, as another user. */
  public Api as(String username, String password) {
    return basic(base, username, password);
  }

  /**
   * Makes a local user through {@code /api/users} (this client must be an admin's) and returns the
   * API signed in as them; fails unless the server said 201.
   */
  public Api newUser(String username, String password, String role, String... groups) {
    Response made =
        post(
            "/api/users",
            Map.of(
                "username", username,
                "password", password,
                "role", role,
                "groups", List.of(groups)));
    if (made.status() != 201) {
      throw new AssertionError(
          "making user " + username + ": " + made.status() + " " + made.body());
    }
    return as(username, password);
  }

  /** The same server, with an API token. */
  public Api withToken(String token) {
    return bearer(base, token);
  }

  public Api anonymous() {
    return anonymous(base);
  }

  public String base() {
    return base;
  }

  /** The {@code Authorization} header this client sends; null when anonymous. */
  public String authorization() {
    return authorization;
  }

  public URI uri(String path) {
    return URI.create(base + path);
  }

  public Response get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET().build());
  }

  public Response post(String path, Object body) {
    return send(withJson(HttpRequest.newBuilder(uri(path)), body, "POST"));
  }

  public Response put(String path, Object body) {
    return send(withJson(HttpRequest.newBuilder(uri(path)), body, "PUT"));
  }

  public Response delete(String path) {
    return send(HttpRequest.newBuilder(uri(path)).DELETE().build());
  }

  private static HttpRequest withJson(HttpRequest.Builder builder, Object body, String method) {
    String json = body instanceof String s ? s : JSON.writeValueAsString(body);
    return builder
        .header("Content-Type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(json))
        .build();
  }

  /** An event stream from {@code path}, read by a real SSE client, signed in as this client is. */
  public SseClient events(String path) {
    return events(path, Map.of());
  }

  public SseClient events(String path, Map<String, String> headers) {
    var all = new HashMap<>(headers);
    if (authorization != null) {
      all.put("Authorization", authorization);
    }
    return SseClient.connect(uri(path), all);
  }

  /**
   * Starts a run of a job with these parameters and returns its id; fails unless the server said
   * 201.
   */
  public String start(String jobId, Map<String, ?> params) {
    Response created = post("/api/jobs/" + jobId + "/runs", Map.of("params", params));
    if (created.status() != 201) {
      throw new AssertionError(
          "expected 201 starting "
              + jobId
              + " but got "
              + created.status()
              + ": "
              + created.body());
    }
    return (String) created.json().get("id");
  }

  public Map<String, Object> run(String runId) {
    return get("/api/runs/" + runId).json();
  }

  public String state(String runId) {
    return (String) run(runId).get("state");
  }

  public byte[] log(String runId) {
    try {
      return client
          .send(
              signed(HttpRequest.newBuilder(uri("/api/runs/" + runId + "/log")).build()),
              HttpResponse.BodyHandlers.ofByteArray())
          .body();
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Sends a request, adding this client's credentials unless it names its own. */
  public Response send(HttpRequest request) {
    try {
      HttpResponse<String> response =
          client.send(signed(request), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Response(response.statusCode(), response.body(), response.headers().map());
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private HttpRequest signed(HttpRequest request) {
    if (authorization == null || request.headers().firstValue("Authorization").isPresent()) {
      return request;
    }
    return HttpRequest.newBuilder(request, (name, value) -> true)
        .header("Authorization", authorization)
        .build();
  }

  /** What came back. */
  public record Response(int status, String body, Map<String, List<String>> headers) {
    public String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .findFirst()
          .map(e -> e.getValue().getFirst())
          .orElse(null);
    }

    public String location() {
      return header("Location");
    }

    public String contentType() {
      return header("Content-Type");
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> json() {
      return JSON.readValue(body, Map.class);
    }

    @SuppressWarnings("unchecked")
    public java.util.List<Map<String, Object>> jsonList() {
      return JSON.readValue(body, java.util.List.class);
    }
  }
}
