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

    Api.Response created =
        api.send(
            HttpRequest.newBuilder(api.uri("/api/jobs/echo-args/runs"))
                .header("Content-Type", "application/json")
                .header("X-Padding", padding)
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"params\":{\"value\":\"" + value + "\"}}"))
                .build());

    assertThat(created.status()).isEqualTo(201);
    String runId = (String) created.json().get("id");
    awaitState(runId, "succeeded");
    String log = new String(api.log(runId), StandardCharsets.UTF_8);
    assertThat(log).contains("prefix-" + value + "-suffix");
  }

  @Test
  void aChunkedRequestBodyArrivesWhole() {
    String value = "z".repeat(3 * ConnectionBuffers.REQUEST_TRAILER_BYTES);
    byte[] body = ("{\"params\":{\"value\":\"" + value + "\"}}").getBytes(StandardCharsets.UTF_8);

    // A body of unknown length goes out chunked, which is where the trailer buffer is used.
    Api.Response created =
        api.send(
            HttpRequest.newBuilder(api.uri("/api/jobs/echo-args/runs"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build());

    assertThat(created.status()).isEqualTo(201);
    String runId = (String) created.json().get("id");
    awaitState(runId, "succeeded");
    assertThat(new String(api.log(runId), StandardCharsets.UTF_8))
        .contains("prefix-" + value + "-suffix");
  }
}
