package dev.pushbutton.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushbutton.testing.Api;
import dev.pushbutton.testing.Browser;
import dev.pushbutton.testing.ServerTest;
import dev.pushbutton.testing.SmallDisk;
import dev.pushbutton.testing.WebSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The data directory on a small disk that a job fills, as an operator met it: new runs are refused
 * in words, everything already stored stays readable, the run in flight still ends, and once space
 * comes back the server catches up by itself (the run's state in the database, the rest of its log)
 * with nothing lost or corrupt.
 */
@DirtiesContext
class DiskFullTests extends ServerTest {
  /** More than the disk can hold: 300,000 lines of 100 bytes. */
  private static final String LINES = "300000";

  private static Path work;
  private static SmallDisk disk;

  @BeforeAll
  static void mountSmallDisk() throws IOException {
    work = Files.createTempDirectory("pushbutton-disk-full");
    disk = SmallDisk.mount(work.resolve("data"), 16);
    dataDirElsewhere = disk.dir();
  }

  @AfterAll
  static void unmount() {
    dataDirElsewhere = null;
    if (disk != null) {
      disk.close();
    }
  }

  @DynamicPropertySource
  static void onTheSmallDisk(DynamicPropertyRegistry registry) {
    registry.add("pushbutton.disk.min-free", () -> "1MB");
  }

  /** Whatever a test left waiting ends, so the next finds the single job free. */
  @AfterEach
  void letEveryRunEnd() throws IOException {
    if (Files.notExists(work.resolve("go-1"))) {
      Files.createFile(work.resolve("go-1"));
    }
    disk.resize(64);
    eventually().until(() -> unfinishedInTheDatabase() == 0);
  }

  @Test
  void aFullDiskRefusesNewRunsKeepsServingAndResumesWhenSpaceIsFreed() throws Exception {
    disk.resize(disk.usedMegabytes() + 4);
    WebSession browser = WebSession.signIn(api.base(), "admin", ADMIN_PASSWORD);
    browser.get("/"); // someone at work before the disk filled: their session has its form token
    try (Browser chromium = Browser.open()) {
      chromium.signIn(api.base(), "admin", ADMIN_PASSWORD);
      fillTheDiskAndSeeNewRunsRefused(browser, chromium);
    }
  }

  private void fillTheDiskAndSeeNewRunsRefused(WebSession browser, Browser chromium)
      throws Exception {
    Path go = work.resolve("go-1");
    String runId = api.start("disk-filler", Map.of("lines", LINES, "go", go.toString()));
    eventually().until(() -> Files.exists(Path.of(go + ".wrote")));
    assertThat(disk.freeBytes()).as("the job filled the disk").isLessThan(1024 * 1024);

    Api.Response refused = api.post("/api/jobs/classic-demo/runs", Map.of("params", Map.of()));
    assertThat(refused.status()).isEqualTo(503);
    assertThat(refused.json().get("error").toString())
        .startsWith("The disk holding the data directory is full")
        .contains("new runs need 1 MB");
    assertThat(refused.header("Retry-After")).isEqualTo("5");
    var form = browser.post("/jobs/classic-demo/runs", Map.of());
    assertThat(form.statusCode()).isEqualTo(503);
    assertThat(form.body())
        .as("the form is shown again, with the reason")
        .contains("The disk holding the data directory is full")
        .contains("name=\"_csrf\"");
    chromium.driver().get(api.base() + "/jobs/classic-demo");
    chromium.driver().findElement(By.cssSelector("#run-form button[type=submit]")).click();
    new WebDriverWait(chromium.driver(), Duration.ofSeconds(10))
        .until(d -> d.getPageSource().contains("The disk holding the data directory is full"));
    chromium.screenshot(Path.of("docs/screenshots/disk-full-form-desktop.png"));

    for (String page : new String[] {"/", "/runs", "/runs/" + runId, "/jobs/disk-filler"}) {
      assertThat(browser.get(page).statusCode()).as(page).isEqualTo(200);
    }
    assertThat(api.get("/api/runs/" + runId + "/log").status()).isEqualTo(200);
    assertThat(api.get("/api/runs?limit=5").status()).isEqualTo(200);
    Api.Response health = api.get("/actuator/health");
    assertThat(health.status()).isEqualTo(503);
    assertThat(health.body())
        .contains("\"diskSpace\":{\"details\"")
        .contains("\"status\":\"DOWN\"");

    disk.resize(64);
    Files.createFile(go);
    awaitState(runId, "failed");
    Map<String, Object> run = api.run(runId);
    assertThat(run).containsEntry("exitCode", 3);
    assertThat(run.get("error").toString())
        .startsWith(
            "while it ran, the data directory could not take all of its output: the disk"
                + " holding the data directory is full")
        .contains("may be missing");
    chromium.driver().get(api.base() + "/runs/" + runId);
    new WebDriverWait(chromium.driver(), Duration.ofSeconds(10))
        .until(d -> d.getPageSource().contains("may be missing"));
    chromium.screenshot(Path.of("docs/screenshots/disk-full-run-desktop.png"));
    eventually().untilAsserted(() -> assertThat(api.log(runId)).isEqualTo(stdout(runId)));
    assertThat(new String(api.log(runId), java.nio.charset.StandardCharsets.UTF_8))
        .startsWith("line 0 ...")
        .endsWith("finished\n");

    assertThat(api.get("/actuator/health").status()).isEqualTo(200);
    String after = api.start("classic-demo", Map.of());
    awaitState(after, "succeeded");
    eventually().untilAsserted(() -> assertThat(storedState(runId)).isEqualTo("failed"));
    assertThat(unfinishedInTheDatabase()).isZero();
  }

  @Test
  void aRunThatEndsWhileTheDiskIsFullEndsAndItsLogCatchesUpOnceSpaceIsFreed() throws Exception {
    disk.resize(disk.usedMegabytes() + 4);
    Path go = work.resolve("go-2");
    Files.createFile(go); // it ends as soon as its lines are written, or refused
    String runId = api.start("disk-filler", Map.of("lines", LINES, "go", go.toString()));
    eventually()
        .until(() -> !api.state(runId).equals("running") && !api.state(runId).equals("starting"));
    Map<String, Object> ended = api.run(runId);
    // Its exit code is known only if the wrapper could still record it on the full disk. Whether
    // the server's own index writes failed too depends on which writer met the full disk first.
    if (ended.get("state").equals("lost")) {
      assertThat(ended.get("error").toString())
          .startsWith(
              "the process ended without recording an exit code, probably because the disk"
                  + " holding the data directory is full");
    } else {
      assertThat(ended).containsEntry("state", "failed").containsEntry("exitCode", 3);
    }
    assertThat(disk.freeBytes()).as("still full when it ended").isLessThan(1024 * 1024);

    disk.resize(64);
    eventually().untilAsserted(() -> assertThat(api.log(runId)).isEqualTo(stdout(runId)));
    eventually().untilAsserted(() -> assertThat(storedState(runId)).isEqualTo(ended.get("state")));
    // The single job's slot was freed when the run ended: it runs again.
    String again = api.start("disk-filler", Map.of("lines", "3", "go", go.toString()));
    awaitState(again, "failed");
    assertThat(api.run(again)).containsEntry("exitCode", 3);
    assertThat(unfinishedInTheDatabase()).isZero();
  }

  private static byte[] stdout(String runId) throws IOException {
    return Files.readAllBytes(disk.dir().resolve("runs").resolve(runId).resolve("stdout"));
  }

  /** What a restarted server would find: the database file itself, not this server's memory. */
  private static String storedState(String runId) {
    return database()
        .sql("select state from runs where id = ?")
        .param(runId)
        .query(String.class)
        .single();
  }

  private static int unfinishedInTheDatabase() {
    return database()
        .sql("select count(*) from runs where state in ('queued', 'starting', 'running')")
        .query(Integer.class)
        .single();
  }

  private static JdbcClient database() {
    var source = new org.sqlite.SQLiteDataSource();
    source.setUrl("jdbc:sqlite:" + disk.dir().resolve("pushbutton.db"));
    return JdbcClient.create(source);
  }
}
