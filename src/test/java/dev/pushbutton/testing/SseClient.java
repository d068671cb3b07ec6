package dev.pushbutton.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A real Server-Sent Events client over a real HTTP connection: it parses the wire format as the
 * spec says (fields, blank line ends an event, comments ignored) on a thread of its own and keeps
 * every event.
 */
public final class SseClient implements AutoCloseable {
  // Not copy-on-write: a big run sends hundreds of thousands of events.
  private final List<SseEvent> events = Collections.synchronizedList(new ArrayList<>());
  private final List<String> comments = Collections.synchronizedList(new ArrayList<>());
  private final Thread reader;
  private volatile HttpResponse<InputStream> response;
  private volatile boolean ended;
  private volatile boolean closing;
  private volatile InputStream body;

  private SseClient(URI uri, Map<String, String> headers) {
    HttpClient client = HttpClient.newHttpClient();
    var request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").GET();
    headers.forEach(request::header);
    reader =
        Thread.ofPlatform()
            .daemon()
            .start(() -> {
              try {
                response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
                body = response.body();
                if (response.statusCode() != 200) {
                  // A refusal has no events: say what it was, or a test only sees an empty stream.
                  System.err.println(
                      "SseClient: "
                          + uri
                          + " answered "
                          + response.statusCode()
                          + ": "
                          + new String(body.readAllBytes(), StandardCharsets.UTF_8));
                  return;
                }
                read(body);
              } catch (IOException | InterruptedException e) {
                if (!closing) {
                  // Not closed by the test: say why, or a test only sees a stream with no events.
                  System.err.println("SseClient: the stream from " + uri + " failed: " + e);
                  e.printStackTrace();
                }
              } finally {
                ended = true;
              }
            });
  }

  public static SseClient connect(URI uri) {
    return new SseClient(uri, Map.of());
  }

  public static SseClient connect(URI uri, Map<String, String> headers) {
    return new SseClient(uri, headers);
  }

  private void read(InputStream in) throws IOException {
    var lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    String id = null;
    String event = null;
    StringBuilder data = null;
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      if (line.isEmpty()) {
        if (data != null) {
          events.add(new SseEvent(id, event == null ? "message" : event, data.toString()));
        }
        id = null;
        event = null;
        data = null;
      } else if (line.startsWith(":")) {
        comments.add(line);
      } else {
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
          value = value.substring(1);
        }
        switch (field) {
          case "id" -> id = value;
          case "event" -> event = value;
          case "data" ->
              data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
          default -> {}
        }
      }
    }
  }

  public List<SseEvent> events() {
    synchronized (events) {
      return new ArrayList<>(events);
    }
  }

  public List<String> comments() {
    synchronized (comments) {
      return new ArrayList<>(comments);
    }
  }

  /**
   * Every output chunk received, one event each: a {@code lines} event (several chunks at once) is
   * unfolded into the {@code output} events it stands for.
   */
  public List<SseEvent> outputs() {
    return events().stream()
        .flatMap(e -> e.isLines() ? e.unfold().stream() : Stream.of(e))
        .filter(SseEvent::isOutput)
        .toList();
  }

  public List<String> texts() {
    return outputs().stream().map(SseEvent::text).toList();
  }

  public List<String> states() {
    return events().stream().filter(SseEvent::isState).map(SseEvent::state).toList();
  }

  /** Whether the server ended the stream. */
  public boolean ended() {
    return ended;
  }

  public HttpResponse<InputStream> response() {
    return response;
  }

  public void awaitEnd(Duration limit) throws InterruptedException {
    reader.join(limit);
  }

  @Override
  public void close() throws IOException {
    closing = true;
    InputStream in = body;
    if (in != null) {
      in.close();
    }
    reader.interrupt();
  }
}
