package dev.pushbutton;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushbutton.testing.Api;
import dev.pushbutton.testing.ServerProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run that waits through a restart (in line, or for an approval) while its job's parameter stops
 * being secret in the catalog starts with the value it was given, never with the mask the database
 * keeps in its place; and its output still masks that value, since it was given as a secret.
 */
class CatalogChangeIT {
  private static final String TOKEN = "correct-horse-battery";
  private static final String PASSWORD = "a-password-for-tests";

  @TempDir Path work;

  @Test
  void aParameterThatStoppedBeingSecretWhileItsRunWaitedStartsWithTheValueGiven() throws Exception {
    Path dataDir = work.resolve("data");
    Path catalog = work.resolve("catalog.yml");
    Files.writeString(catalog, catalog("secret"));
    String blocker;
    String waiting;
    String awaiting;
    try (ServerProcess server =
        new ServerProcess(ServerProcess.builtJar(), catalog, dataDir, List.of("-Xmx256m"))
            .start()) {
      Api admin = server.api();
      Api asker = asker(admin);
      blocker = admin.start("in-line", Map.of("mode", "wait", "token", "first-one"));
      waiting = admin.start("in-line", Map.of("mode", "go", "token", TOKEN));
      awaiting = asker.start("approved", Map.of("token", TOKEN));
      assertThat(admin.state(waiting)).isEqualTo("queued");
      assertThat(admin.run(waiting).get("params")).isEqualTo(Map.of("mode", "go", "token", "***"));
      assertThat(admin.state(awaiting)).isEqualTo("awaiting_approval");
      server.killHard();
    }

    Files.writeString(catalog, catalog("string")); // meanwhile, the operator changed the catalog
    try (ServerProcess server =
        new ServerProcess(ServerProcess.builtJar(), catalog, dataDir, List.of("-Xmx256m"))
            .start()) {
      Api admin = server.api();
      assertThat(admin.post("/api/runs/" + blocker + "/kill", Map.of()).status()).isEqualTo(202);
      assertThat(awaitEnd(admin, waiting)).isEqualTo("succeeded");
      assertThat(log(admin, waiting))
          .as("the real value (21 characters, not the 3 of the mask), still masked in the output")
          .isEqualTo("length: " + TOKEN.length() + "\nvalue: ***\n");

      Api lead = admin.as("lead", PASSWORD);
      assertThat(lead.post("/api/runs/" + awaiting + "/approve", Map.of()).status()).isEqualTo(200);
      assertThat(awaitEnd(admin, awaiting)).isEqualTo("succeeded");
      assertThat(log(admin, awaiting)).isEqualTo("length: " + TOKEN.length() + "\nvalue: ***\n");
    }
  }

  private static String catalog(String tokenType) {
    return """
    jobs:
      - id: in-line
        name: Waits in line
        concurrency: queue
        command: [sh, -c, 'if [ "$1" = wait ]; then sleep 120; fi; echo "length: ${#2}"; echo "value: $2"', in-line, '{{mode}}', '{{token}}']
        params:
          - name: mode
            type: choice
            choices: [wait, go]
            required: true
          - name: token
            type: %1$s
            required: true
      - id: approved
        name: Needs an approval
        approval: {groups: [leads]}
        command: [sh, -c, 'echo "length: ${#1}"; echo "value: $1"', approved, '{{token}}']
        params:
          - name: token
            type: %1$s
            required: true
    """
        .formatted(tokenType);
  }

  private static Api asker(Api admin) {
    admin.newUser("lead", PASSWORD, "viewer", "leads");
    return admin.newUser("asker", PASSWORD, "operator");
  }

  private static String awaitEnd(Api api, String runId) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> !List.of("queued", "starting", "running").contains(api.state(runId)));
    return api.state(runId);
  }

  private static String log(Api api, String runId) {
    return new String(api.log(runId), StandardCharsets.UTF_8);
  }
}
