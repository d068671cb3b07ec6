package dev.pushbutton.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushbutton.testing.Api;
import dev.pushbutton.testing.ServerTest;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The small connection buffers still carry requests and answers many times their size. */
class ConnectionBuffersTests extends ServerTest {

  @Test
  void headersBodiesAndAnswersLargerThanTheBuffersArriveWhole() {
    String padding = "x".repeat(6 * ConnectionBuffers.READ_BUFFER_BYTES);
    String value = "y".repeat(3 * SmallResponseBuffersProtocol.RESPONSE_BUFFER_BYTES);

    assertEchoed(
        value,
        echoArgs()
            .header("X-Padding", padding)
            .POST(HttpRequest.BodyPublishers.ofString(params(value))));
  }

  @Test
  void aChunkedRequestBodyArrivesWhole() {
    String value = "z".repeat(3 * ConnectionBuffers.REQUEST_TRAILER_BYTES);
    byte[] body = params(value).getBytes(StandardCharsets.UTF_8);

    // A body of unknown length goes out chunked, which is where the trailer buffer is used.
    assertEchoed(
        value,
        echoArgs()
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));
  }

  private HttpRequest.Builder echoArgs() {
    return HttpRequest.newBuilder(api.uri("/api/jobs/echo-args/runs"))
        .header("Content-Type", "application/json");
  }

  private static String params(String value) {
    return "{\"params\":{\"value\":\"" + value + "\"}}";
  }

  /** The request starts a run, and its log holds {@code value} whole, as echo-args prints it. */
  private void assertEchoed(String value, HttpRequest.Builder request) {
    Api.Response created = api.send(request.build());

    assertThat(created.status()).isEqualTo(201);
    String runId = (String) created.json().get("id");
    awaitState(runId, "succeeded");
    assertThat(new String(api.log(runId), StandardCharsets.UTF_8))
        .contains("prefix-" + value + "-suffix");
  }
}
