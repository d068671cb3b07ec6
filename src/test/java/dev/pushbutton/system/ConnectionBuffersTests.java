package dev.pushbutton.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushbutton.testing.Api;
import dev.pushbutton.testing.ServerTest;
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
}
