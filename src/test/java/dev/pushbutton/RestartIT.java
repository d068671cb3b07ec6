package dev.pushbutton;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushbutton.testing.Api;
import dev.pushbutton.testing.Processes;
import dev.pushbutton.testing.ServerProcess;
import dev.pushbutton.testing.SseClient;
import dev.pushbutton.testing.SseEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs outlive the server: kill -9 it mid-run, start it again, and nothing is lost. */
class RestartIT {
  private static final List<String> SMALL_HEAP = List.of("-Xmx256m");

  @TempDir Path work;
  private Path dataDir;

  @BeforeEach
  void dataDirectory() {
    dataDir = work.resolve("data"); // its console log goes beside it
  }

  @Test
  void runKeepsGoingThroughAServerKillAndEndsWithItsRealExitCodeAndWholeLog() throws Exception {
    String runId;
    long lastSeen;
    try (ServerProcess server = new ServerProcess(dataDir, SMALL_HEAP).start()) {
      Api api = server.api();
      runId = api.start("durable", Map.of());
      try (SseClient viewer = api.events("/api/runs/" + runId + "/events")) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> viewer.outputs().size() >= 3);
        lastSeen = viewer.outputs().getLast().seq();
      }
      server.killHard();
    }
    assertThat(Processes.ofRun(runId)).as("the job survives the server").isNotEmpty();

    try (ServerProcess server = new ServerProcess(dataDir, SMALL_HEAP).start()) {
      Api api = server.api();
      List<SseEvent> resumed;
      try (SseClient viewer =
          api.events(
              "/api/runs/" + runId + "/events", Map.of("Last-Event-ID", Long.toString(lastSeen)))) {
        viewer.awaitEnd(Duration.ofSeconds(30));
        resumed = viewer.outputs();
        assertThat(viewer.states()).last().isEqualTo("failed");
      }
      List<Long> expectedSeqs = new ArrayList<>();
      for (long seq = lastSeen + 1; seq <= 12; seq++) {
        expectedSeqs.add(seq);
      }
      assertThat(resumed).extracting(SseEvent::seq).containsExactlyElementsOf(expectedSeqs);
      assertThat(api.run(runId)).containsEntry("state", "failed").containsEntry("exitCode", 7);
      String expectedLog =
          String.join("", IntStream.rangeClosed(1, 12).mapToObj(i -> "line " + i + "\n").toList());
      assertThat(new String(api.log(runId), StandardCharsets.UTF_8)).isEqualTo(expectedLog);
    }
  }

  @Test
  void secretsStayMaskedThroughAServerKillAndARunWaitingWithOneStartsWithItsRealValue()
      throws Exception {
    String secret = "Tr0ub4dor-3-zebra";
    String running;
    String waiting;
    try (ServerProcess server = new ServerProcess(dataDir, SMALL_HEAP).start()) {
      Api api = server.api();
      running = api.start("prints-secret", Map.of("token", secret, "pause", 6));
      waiting = api.start("prints-secret", Map.of("token", "another-" + secret, "pause", 0));
      assertThat(api.state(waiting)).isEqualTo("queued");
      try (SseClient viewer = api.events("/api/runs/" + running + "/events")) {
        Awaitility.await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> viewer.texts().contains("env: ***"));
      }
      server.killHard();
    }
    // The job prints it once more while no server runs.
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(() ->
            Files.readString(dataDir.resolve("runs/" + running + "/stdout.unmasked"))
                .contains("after: " + secret));

    try (ServerProcess server = new ServerProcess(dataDir, SMALL_HEAP).start()) {
      Api api = server.api();
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(() ->
              api.state(running).equals("succeeded") && api.state(waiting).equals("succeeded"));
      String first = new String(api.log(running), StandardCharsets.UTF_8);
      assertThat(first)
          .contains("whole: ***", "split: *** end", "after: ***")
          .doesNotContain(secret);
      String second = new String(api.log(waiting), StandardCharsets.UTF_8);
      // 25 characters: the job got the value it was given before the restart, not the stars.
      assertThat(second).contains("length: 25", "after: ***").doesNotContain(secret);
      assertThat(api.get("/api/runs/" + running).body()).doesNotContain(secret);
      for (String runId : List.of(running, waiting)) {
        Awaitility.await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> Files.notExists(dataDir.resolve("runs/" + runId + "/secrets")));
        assertThat(dataDir.resolve("runs/" + runId + "/stdout.unmasked")).doesNotExist();
      }
    }
  }

  @Test
  void runThatEndedWhileTheServerWasDownGetsTheExitCodeItRecorded() throws Exception {
    String ended;
    String vanished;
    try (ServerProcess server = new ServerProcess(dataDir, SMALL_HEAP).start()) {
      Api api = server.api();
      ended = api.start("ends-while-down", Map.of());
      vanished = api.start("sleeper", Map.of());
      Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> api.state(vanished).equals("running") && api.state(ended).equals("running"));
      server.killHard();
    }
    // The first ends by itself; the second is killed with SIGKILL behind the server's back, leaving
    // no exit code.
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> Processes.ofRun(ended).isEmpty());
    for (long pid : Processes.ofRun(vanished)) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> Processes.ofRun(vanished).isEmpty());

    try (ServerProcess server = new ServerProcess(dataDir, SMALL_HEAP).start()) {
      Api api = server.api();
      Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> !api.state(ended).equals("running"));
      assertThat(api.run(ended)).containsEntry("state", "failed").containsEntry("exitCode", 5);
      assertThat(new String(api.log(ended), StandardCharsets.UTF_8)).isEqualTo("begun\nfinished\n");
      Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> api.state(vanished).equals("lost"));
      assertThat(api.run(vanished).get("error")).isNotNull();
      // no ghost run blocks anything: the list of active runs is empty
      assertThat(api.get("/api/runs?state=running").jsonList()).isEmpty();
    }
  }

  @Test
  void fiftyMegabytesAreStoredByteForByteWithASmallHeap() throws Exception {
    Path copy = dataDir.resolve("what-the-job-wrote.txt");
    try (ServerProcess server = new ServerProcess(dataDir, SMALL_HEAP).start()) {
      Api api = server.api();
      String runId = api.start("big-copy", Map.of("bytes", 37_500_000, "copy", copy.toString()));
      Awaitility.await()
          .atMost(Duration.ofSeconds(120))
          .until(() -> api.state(runId).equals("succeeded"));

      byte[] log = api.log(runId);
      assertThat(log.length).isGreaterThan(50_000_000);
      assertThat(sha256(log)).isEqualTo(sha256(Files.readAllBytes(copy)));
    }
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  /**
   * The database refuses the run's end (another program holds it locked), and the server dies
   * before it could write it: the next server settles the run from its process's exit file, with
   * nothing lost and nothing applied twice.
   */
  @Test
  void aRunWhoseEndTheDatabaseRefusedIsSettledByTheNextServer() throws Exception {
    Path go = work.resolve("go");
    String runId;
    try (ServerProcess server =
        new ServerProcess(dataDir, List.of("-Xmx256m", "--pushbutton.database.busy-timeout=1s"))
            .start()) {
      Api api = server.api();
      runId = api.start("waits-for-go", Map.of("go", go.toString()));
      Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> api.state(runId).equals("running"));
      try (Connection other =
          DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("pushbutton.db"))) {
        other.createStatement().execute("begin exclusive");
        Files.createFile(go);
        Awaitility.await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> api.state(runId).equals("failed"));
        server.killHard(); // its end was never written
        other.createStatement().execute("rollback");
      }
    }
    try (ServerProcess server = new ServerProcess(dataDir, SMALL_HEAP).start()) {
      Api api = server.api();
      // Its status line was told while the database refused it, and only the database keeps it:
      // what the run reported then is lost with the server (its log still has the line).
      assertThat(api.run(runId)).containsEntry("state", "failed").containsEntry("exitCode", 4);
      assertThat(new String(api.log(runId), StandardCharsets.UTF_8))
          .isEqualTo("started\n::status almost done\nfinished\n");
    }
  }
}
