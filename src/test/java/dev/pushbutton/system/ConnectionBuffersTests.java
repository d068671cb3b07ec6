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
    byte[] log = api.log(runId);
    assertThat(log.length).isGreaterThan(2 * SmallResponseBuffersProtocol.RESPONSE_BUFFER_BYTES);
    assertThat(new String(log, StandardCharsets.UTF_8)).contains("prefix-" + big);
  }
}
