package dev.pushbutton.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushbutton.testing.Api;
import dev.pushbutton.testing.ServerTest;
import dev.pushbutton.testing.SseClient;
import dev.pushbutton.testing.SseEvent;
import dev.pushbutton.testing.WebSession;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * A job that prints its secret parameter (whole, in two writes 300 ms apart, on stderr, through its
 * environment, in its status line) shows it to nobody: every route and page that serves the run
 * says {@code ***}, and once the run has ended nothing on disk holds the value.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretMaskingTests extends ServerTest {
  // Letters, digits and dashes only: nothing JSON or HTML would escape, so a leak cannot hide.
  private static final String SECRET = "Tr0ub4dor-3-zebra";

  @Value("${pushbutton.data-dir}")
  private Path dataDir;

  @Test
  void aSecretTheJobPrintsIsShownAsStarsEverywhereAndLeftNowhere(CapturedOutput serverLog)
      throws Exception {
    String runId = api.start("prints-secret", Map.of("token", SECRET, "pause", 1));
    Path dir = dataDir.resolve("runs").resolve(runId);
    List<String> served = new ArrayList<>();
    try (SseClient live = api.events("/api/runs/" + runId + "/events")) {
      // While it runs, the values kept for masking are the server's user's alone.
      eventually().until(() -> Files.exists(dir.resolve("secrets")));
      assertThat(mode(dir.resolve("secrets"))).isEqualTo("rw-------");
      assertThat(mode(dir.resolve("stdout.unmasked"))).isEqualTo("rw-------");

      live.awaitEnd(Duration.ofSeconds(30));
      // The unfinished line went out after 200 ms without the secret's first half, held back
      // until the second write said it was the secret.
      assertThat(live.texts())
          .contains(
              "whole: ***",
              "split: ",
              "*** end",
              "stderr: ***",
              "env: ***",
              "after: ***",
              "::status deploying with ***");
      live.events().stream().map(SseEvent::data).forEach(served::add);
    }
    assertThat(api.state(runId)).isEqualTo("succeeded");
    assertThat(api.run(runId).get("status")).isEqualTo("deploying with ***");

    String log = new String(api.log(runId), StandardCharsets.UTF_8);
    assertThat(log.lines()) // stdout and stderr may come in either order
        .containsExactlyInAnyOrder(
            "::status deploying with ***",
            "length: 17",
            "whole: ***",
            "split: *** end",
            "stderr: ***",
            "env: ***",
            "after: ***");
    served.add(log);
    for (String path :
        List.of(
            "/api/runs/" + runId,
            "/api/runs?job=prints-secret",
            "/api/runs/" + runId + "/log?download",
            "/api/runs/" + runId + "/log/streams",
            "/api/jobs/prints-secret")) {
      var answer = api.get(path);
      assertThat(answer.status()).as(path).isEqualTo(200);
      served.add(answer.body());
    }
    var range =
        api.send(
            HttpRequest.newBuilder(api.uri("/api/runs/" + runId + "/log"))
                .header("Range", "bytes=40-60")
                .build());
    assertThat(range.status()).isEqualTo(206);
    served.add(range.body());
    try (SseClient replay = api.events("/api/runs/" + runId + "/events")) {
      replay.awaitEnd(Duration.ofSeconds(10));
      replay.events().stream().map(SseEvent::data).forEach(served::add);
    }
    var web = WebSession.signIn(api.base(), "admin", ADMIN_PASSWORD);
    for (String page :
        List.of("/runs/" + runId, "/runs/" + runId + "/outcome", "/runs", "/jobs/prints-secret")) {
      var answer = web.get(page);
      assertThat(answer.statusCode()).as(page).isEqualTo(200);
      served.add(answer.body());
    }

    assertThat(served).allSatisfy(body -> assertNoPartOfTheSecret(body));

    // Nothing on disk keeps it once the run is over: the kept values and the unmasked copy are
    // gone.
    assertThat(dir.resolve("secrets")).doesNotExist();
    assertThat(dir.resolve("stdout.unmasked")).doesNotExist();
    assertThat(dir.resolve("stderr.unmasked")).doesNotExist();
    assertThat(filesHolding(SECRET)).isEmpty();
    assertThat(serverLog.getAll()).doesNotContain(SECRET);
  }

  @Test
  void aSecretShorterThanFourCharactersIsRefusedBeforeAnythingRuns() {
    var refused =
        api.post("/api/jobs/prints-secret/runs", Map.of("params", Map.of("token", "abc")));
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().get("field")).isEqualTo("token");
    assertThat(refused.body()).doesNotContain("abc\"");
  }

  @Test
  void aRunRefusedAfterItsSecretsWereKeptLeavesNothingBehind() throws IOException {
    String first = api.start("single-secret", Map.of("token", SECRET));
    var refused =
        api.post("/api/jobs/single-secret/runs", Map.of("params", Map.of("token", "other-value")));
    assertThat(refused.status()).isEqualTo(409);
    assertThat(filesHolding("other-value")).isEmpty();

    // Stopped: its values go too.
    api.post("/api/runs/" + first + "/kill", Map.of());
    awaitState(first, "killed");
    eventually().until(() -> Files.notExists(dataDir.resolve("runs/" + first + "/secrets")));
    assertThat(filesHolding(SECRET)).isEmpty();
  }

  @Test
  void aRunWithoutSecretsKeepsNoSecretsFileAndNoSecondCopyOfItsOutput() {
    Api admin = api;
    String runId = admin.start("prints-umask", Map.of());
    awaitState(runId, "succeeded");
    Path dir = dataDir.resolve("runs").resolve(runId);
    assertThat(dir.resolve("secrets")).doesNotExist();
    assertThat(dir.resolve("stdout.unmasked")).doesNotExist();
  }

  private static void assertNoPartOfTheSecret(String body) {
    assertThat(body)
        .doesNotContain(SECRET)
        .doesNotContain(SECRET.substring(0, 8)) // the part before the 300 ms pause, and more
        .doesNotContain(SECRET.substring(4)); // the part after it
  }

  private List<Path> filesHolding(String value) throws IOException {
    byte[] needle = value.getBytes(StandardCharsets.UTF_8);
    try (Stream<Path> files = Files.walk(dataDir)) {
      return files
          .filter(Files::isRegularFile)
          .filter(file -> contains(read(file), needle))
          .toList();
    }
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      return new byte[0]; // a file that went while we looked (a database journal)
    }
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  private static String mode(Path file) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
  }
}
