package dev.pushbutton.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushbutton.testing.Api;
import dev.pushbutton.testing.Root;
import dev.pushbutton.testing.ServerTest;
import dev.pushbutton.testing.WebSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * The database busy, locked or unwritable for a while under a running server: requests that must
 * write get a 503 in words within the configured wait, never a hang or a 500; runs go on, and the
 * state changes that could not be written land afterwards, in order, once each.
 */
@TestPropertySource(properties = "pushbutton.database.busy-timeout=1s")
class DatabaseFaultTests extends ServerTest {
  @Value("${pushbutton.data-dir}")
  Path dataDir;

  @TempDir Path work;

  @Test
  void aDatabaseLockedByAnotherProgramAnswers503InTimeAndRunsCatchUpAfterwards() throws Exception {
    WebSession browser = WebSession.signIn(api.base(), "admin", ADMIN_PASSWORD);
    browser.get("/");
    Path go = work.resolve("go");
    String runId = api.start("waits-for-go", Map.of("go", go.toString()));
    awaitState(runId, "running");

    try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + database())) {
      try (Statement lock = other.createStatement()) {
        lock.execute("begin exclusive");
      }
      long asked = System.nanoTime();
      Api.Response refused = api.post("/api/jobs/classic-demo/runs", Map.of("params", Map.of()));
      long waitedMillis = (System.nanoTime() - asked) / 1_000_000;
      assertThat(refused.status()).isEqualTo(503);
      assertThat(refused.json().get("error"))
          .isEqualTo(
              "The database cannot be used right now: it is locked by another program or"
                  + " connection. Try again in a moment.");
      assertThat(waitedMillis).as("bounded by the busy timeout").isBetween(900L, 4_000L);

      assertThat(browser.get("/runs/" + runId).statusCode()).isEqualTo(200);
      assertThat(api.get("/api/runs/" + runId + "/log").status()).isEqualTo(200);

      Files.createFile(go); // the run ends while its end cannot be written
      awaitState(runId, "failed");
      assertThat(api.run(runId))
          .containsEntry("exitCode", 4)
          .containsEntry("status", "almost done");
      assertThat(storedState(runId)).as("not written yet").isEqualTo("running");
      other.createStatement().execute("rollback");
    }
    eventually().untilAsserted(() -> assertThat(storedState(runId)).isEqualTo("failed"));
    assertThat(stored(runId, "exit_code")).isEqualTo("4");
    assertThat(stored(runId, "status")).isEqualTo("almost done");
    awaitState(api.start("classic-demo", Map.of()), "succeeded");
  }

  @Test
  void aDatabaseFileThatCannotBeWrittenAnswers503AndTheRunsStateLandsOnceItCanAgain()
      throws Exception {
    Path go = work.resolve("go");
    String runId = api.start("waits-for-go", Map.of("go", go.toString()));
    awaitState(runId, "running");
    Path wal = Path.of(database() + "-wal");
    Root.run("chattr", "+i", database().toString(), wal.toString());
    try {
      Api.Response refused = api.post("/api/jobs/classic-demo/runs", Map.of("params", Map.of()));
      assertThat(refused.status()).isEqualTo(503);
      assertThat(refused.json().get("error").toString())
          .startsWith("The database cannot be used right now: ");
      assertThat(api.get("/api/runs/" + runId).status()).isEqualTo(200);

      Files.createFile(go);
      awaitState(runId, "failed"); // what the server knows, though it cannot write it
      assertThat(api.run(runId)).containsEntry("exitCode", 4);
    } finally {
      Root.quietly("chattr", "-i", database().toString(), wal.toString());
    }
    eventually().untilAsserted(() -> assertThat(storedState(runId)).isEqualTo("failed"));
    assertThat(stored(runId, "exit_code")).isEqualTo("4");
    awaitState(api.start("classic-demo", Map.of()), "succeeded");
  }

  private Path database() {
    return dataDir.resolve("pushbutton.db").toAbsolutePath();
  }

  private String storedState(String runId) {
    return stored(runId, "state");
  }

  /** Straight from the file, as a restarted server would read it. */
  private String stored(String runId, String column) {
    var source = new org.sqlite.SQLiteDataSource();
    source.setUrl("jdbc:sqlite:" + database());
    source.setReadOnly(true);
    return JdbcClient.create(source)
        .sql("select " + column + " from runs where id = ?")
        .param(runId)
        .query(String.class)
        .single();
  }
}
