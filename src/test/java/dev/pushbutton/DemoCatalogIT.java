package dev.pushbutton;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushbutton.testing.Api;
import dev.pushbutton.testing.ServerProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo catalog, as `./mvnw spring-boot:run` serves it, shows what its comments promise: the
 * packaged jar started on it, its jobs run through the API.
 */
class DemoCatalogIT {
  private static final Path DEMO = Path.of("src/main/resources/catalog/demo.yml");

  @TempDir static Path work;
  private static ServerProcess server;
  private static Api api;

  @BeforeAll
  static void start() {
    server =
        new ServerProcess(ServerProcess.builtJar(), DEMO, work.resolve("data"), List.of("-Xmx256m"))
            .start();
    api = server.api();
  }

  @AfterAll
  static void stop() throws InterruptedException {
    server.close();
  }

  @Test
  void theMaskingDemoShowsItsPasswordAsStarsWherever() {
    String password = "demo-Passw0rd-42";
    String runId = api.start("secret-demo", Map.of("password", password));
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> api.state(runId).equals("succeeded"));
    String log = new String(api.log(runId), StandardCharsets.UTF_8);
    assertThat(log)
        .contains(
            "connecting to db.example.com as deploy:***\n",
            "debug: password=***\n",
            "warning: the demo database says password *** is weak\n")
        .doesNotContain(password)
        .doesNotContain(password.substring(0, password.length() / 2))
        .doesNotContain(password.substring(password.length() / 2));
    assertThat(api.run(runId).get("status"))
        .isEqualTo("Done: every copy of the password above is shown as ***");
  }

  @Test
  void theReasonDemoAsksWhyAndTheApprovalDemoWaitsForSomeoneElse() {
    var refused = api.post("/api/jobs/flush-cache/runs", Map.of("params", Map.of()));
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json()).containsEntry("field", "reason");

    // As the demo's comment says: an operator asks, the admin (in ops-leads) approves.
    assertThat(
            api.post(
                    "/api/users",
                    Map.of(
                        "username", "olga", "password", "olga-demo-password", "role", "operator"))
                .status())
        .isEqualTo(201);
    assertThat(api.put("/api/users/admin", Map.of("groups", List.of("ops-leads"))).status())
        .isEqualTo(200);
    Api olga = api.as("olga", "olga-demo-password");
    var asked =
        olga.post(
            "/api/jobs/deploy-production/runs",
            Map.of("params", Map.of("version", "v2.4.1"), "reason", "the checkout fix"));
    assertThat(asked.status()).as(asked.body()).isEqualTo(201);
    String runId = (String) asked.json().get("id");
    assertThat(api.state(runId)).isEqualTo("awaiting_approval");
    assertThat(olga.post("/api/runs/" + runId + "/approve", Map.of()).status()).isEqualTo(403);

    assertThat(api.post("/api/runs/" + runId + "/approve", Map.of("comment", "go")).status())
        .isEqualTo(200);
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> api.state(runId).equals("succeeded"));
    assertThat(api.run(runId)).containsEntry("status", "v2.4.1 is live");
  }
}
