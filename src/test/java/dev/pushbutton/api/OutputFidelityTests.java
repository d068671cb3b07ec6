package dev.pushbutton.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushbutton.testing.ServerTest;
import dev.pushbutton.testing.SseClient;
import dev.pushbutton.testing.SseEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutputFidelityTests extends ServerTest {

  @Test
  void trickyBytesPassThroughRawInTheLogAndReadableInEvents() throws Exception {
    String runId = api.start("bytes", Map.of());
    try (SseClient viewer = api.events("/api/runs/" + runId + "/events")) {
      viewer.awaitEnd(Duration.ofSeconds(30));

      assertThat(viewer.texts())
          .contains(
              "plain",
              "bad \uFFFD\uFFFD bytes",
              "\u001b[31mred\u001b[0m",
              "progress 10%\rprogress 50%\rprogress 100%",
              "to stderr");
      // the prompt stayed unfinished for a second: it was sent as far as it went, then its
      // continuation
      List<SseEvent> outputs = viewer.outputs();
      SseEvent prompt =
          outputs.stream().filter(e -> e.text().equals("a prompt> ")).findFirst().orElseThrow();
      assertThat(prompt.json()).containsEntry("eol", false);
      SseEvent rest = outputs.get(outputs.indexOf(prompt) + 1);
      assertThat(rest.text()).isEqualTo("answered");
      assertThat(rest.json()).containsEntry("eol", true);
      assertThat(
              outputs.stream()
                  .filter(e -> e.text().equals("to stderr"))
                  .findFirst()
                  .orElseThrow()
                  .json())
          .containsEntry("stream", "stderr");
    }
    byte[] log = api.log(runId);
    byte[] expected =
        ("plain\nbad \377\376 bytes\n\033[31mred\033[0m\nprogress 10%\rprogress 50%\rprogress 100%\n"
                + "to stderr\na prompt> answered\n")
            .getBytes(StandardCharsets.ISO_8859_1);
    assertThat(log).isEqualTo(expected);
  }

  @Test
  void megabyteLineIsCutIntoPiecesOfAtMost64KiB() throws Exception {
    String runId = api.start("long-line", Map.of());
    try (SseClient viewer = api.events("/api/runs/" + runId + "/events")) {
      viewer.awaitEnd(Duration.ofSeconds(30));
      List<SseEvent> outputs = viewer.outputs();
      // 1 MiB is sixteen 64 KiB pieces: all but the last piece of the line end with eol false
      assertThat(outputs)
          .extracting(e -> e.text().length() + ":" + e.json().get("eol"))
          .containsExactly(
              "65536:false",
              "65536:false",
              "65536:false",
              "65536:false",
              "65536:false",
              "65536:false",
              "65536:false",
              "65536:false",
              "65536:false",
              "65536:false",
              "65536:false",
              "65536:false",
              "65536:false",
              "65536:false",
              "65536:false",
              "65536:true",
              "5:true");
      assertThat(outputs.get(16).text()).isEqualTo("after");
    }
    assertThat(api.log(runId)).hasSize(1048576 + 1 + 6);
  }

  @Test
  void largeOutputIsStoredByteForByte() throws Exception {
    int randomBytes = 12_000_000; // about 16 MB of base64 lines
    String runId = api.start("big-output", Map.of("bytes", randomBytes));
    try (SseClient viewer = api.events("/api/runs/" + runId + "/events")) {
      viewer.awaitEnd(Duration.ofSeconds(120));
      assertThat(viewer.states()).last().isEqualTo("succeeded");
      List<SseEvent> outputs = viewer.outputs();
      byte[] log = api.log(runId);
      StringBuilder fromEvents = new StringBuilder(log.length);
      for (int i = 0; i < outputs.size(); i++) {
        Map<String, Object> event = outputs.get(i).json();
        assertThat(((Number) event.get("seq")).longValue()).isEqualTo(i + 1);
        fromEvents.append(event.get("text")).append('\n');
      }
      assertThat(sha256(fromEvents.toString().getBytes(StandardCharsets.US_ASCII)))
          .isEqualTo(sha256(log));
      byte[] decoded = Base64.getMimeDecoder().decode(log);
      assertThat(decoded).hasSize(randomBytes);
    }
  }

  @Test
  void terminalJobsRunOnAPseudoTerminal() {
    String runId = api.start("terminal", Map.of());
    awaitState(runId, "succeeded");
    assertThat(new String(api.log(runId), StandardCharsets.UTF_8))
        .isEqualTo("on a tty xterm-256color\r\n");
  }

  private static String sha256(byte[] bytes) throws Exception {
    return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
