package dev.pushbutton.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** A plain HTTP client for the JSON API, as another tool would use it. */
public final class Api {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final HttpClient client = HttpClient.newHttpClient();
  private final String base;

  public Api(String base) {
    this.base = base;
  }

  public URI uri(String path) {
    return URI.create(base + path);
  }

  public Response get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET().build());
  }

  public Response post(String path, Object body) {
    String json = body instanceof String s ? s : JSON.writeValueAsString(body);
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build());
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
              HttpRequest.newBuilder(uri("/api/runs/" + runId + "/log")).build(),
              HttpResponse.BodyHandlers.ofByteArray())
          .body();
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  public Response send(HttpRequest request) {
    try {
      HttpResponse<String> response =
          client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Response(
          response.statusCode(),
          response.body(),
          response.headers().firstValue("Location").orElse(null),
          response.headers().firstValue("Content-Type").orElse(null));
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** What came back. */
  public record Response(int status, String body, String location, String contentType) {
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
