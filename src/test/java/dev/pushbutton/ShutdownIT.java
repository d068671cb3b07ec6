package dev.pushbutton;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushbutton.testing.Api;
import dev.pushbutton.testing.Processes;
import dev.pushbutton.testing.ServerProcess;
import dev.pushbutton.testing.SseClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stop does not wait on viewers: SIGTERM with people watching a run and the history ends their
 * streams at once and exits within two seconds, as a rolling restart needs; the run goes on, and a
 * viewer resumes where it was once the server is back.
 */
class ShutdownIT {
  @TempDir Path work;

  @Test
  void sigtermWithViewersConnectedExitsWithinTwoSecondsAndTheRunGoesOn() throws Exception {
    Path dataDir = work.resolve("data");
    String runId;
    long lastSeen;
    try (ServerProcess server = new ServerProcess(dataDir, List.of("-Xmx256m")).start()) {
      Api api = server.api();
      runId = api.start("durable", Map.of());
      String finished = api.start("ten-lines", Map.of());
      Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> api.state(finished).equals("succeeded"));
      try (SseClient run = api.events("/api/runs/" + runId + "/events");
          SseClient changes = api.events("/api/events");
          SseClient idle = api.events("/api/runs/" + runId + "/events")) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> run.outputs().size() >= 2);
        lastSeen = run.outputs().getLast().seq();

        Duration took = server.stopGracefully(Duration.ofSeconds(40));
        System.out.printf("stopped with 3 streams open in %d ms%n", took.toMillis());
        assertThat(took).isLessThan(Duration.ofSeconds(2));
        run.awaitEnd(Duration.ofSeconds(5));
        changes.awaitEnd(Duration.ofSeconds(5));
        idle.awaitEnd(Duration.ofSeconds(5));
        assertThat(List.of(run.ended(), changes.ended(), idle.ended())).containsOnly(true);
      }
      assertThat(Files.readString(server.console())).contains("run streams and every change");
    }
    assertThat(Processes.ofRun(runId)).as("the run goes on without the server").isNotEmpty();

    try (ServerProcess server = new ServerProcess(dataDir, List.of("-Xmx256m")).start()) {
      Api api = server.api();
      try (SseClient viewer =
          api.events(
              "/api/runs/" + runId + "/events", Map.of("Last-Event-ID", Long.toString(lastSeen)))) {
        viewer.awaitEnd(Duration.ofSeconds(40));
        assertThat(viewer.outputs().getFirst().seq()).isEqualTo(lastSeen + 1);
        assertThat(viewer.states()).last().isEqualTo("failed");
      }
    }
  }
}
