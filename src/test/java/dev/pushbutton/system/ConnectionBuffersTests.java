package dev.pushbutton.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushbutton.testing.Api;
import dev.pushbutton.testing.ServerTest;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The small read buffers still take requests many times their size. */
class ConnectionBuffersTests extends ServerTest {

  @Test
  void headersAndBodiesLargerThanTheReadBufferArriveWhole() {
    String big = "x".repeat(6 * ConnectionBuffers.READ_BUFFER_BYTES);

    Api.Response created =
        api.send(
            HttpRequest.newBuilder(api.uri("/api/jobs/echo-args/runs"))
                .header("Content-Type", "application/json")
                .header("X-Padding", big)
                .POST(
                    HttpRequest.BodyPublishers.ofString("{\"params\":{\"value\":\"" + big + "\"}}"))
                .build());

    assertThat(created.status()).isEqualTo(201);
    String runId = (String) created.json().get("id");
    awaitState(runId, "succeeded");
    assertThat(new String(api.log(runId), StandardCharsets.UTF_8)).contains("prefix-" + big);
  }
}
