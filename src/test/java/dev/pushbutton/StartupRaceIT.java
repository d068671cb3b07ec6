package dev.pushbutton;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushbutton.testing.Api;
import dev.pushbutton.testing.Processes;
import dev.pushbutton.testing.ServerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing is served before the server knows its runs. The server is killed with SIGKILL while a
 * {@code single} job runs and three runs of a {@code queue} job wait behind a long one; it is
 * started again with its recovery held back three seconds, and the moment its port takes a
 * connection a second run of the single job, a fourth run of the line and a kill of the line's
 * running run are sent together. The single job refuses, the new run takes its place at the end of
 * the line, and the kill ends the run it was meant for.
 */
class StartupRaceIT {
  private static final String PAUSE = "-Dpushbutton.test.recovery-pause-ms=3000";

  @TempDir Path work;

  @Test
  void requestsSentTheMomentThePortOpensMeetTheRecoveredRuns() throws Exception {
    Path dataDir = work.resolve("data");
    String single;
    String head;
    List<String> waiting;
    try (ServerProcess server = new ServerProcess(dataDir, List.of("-Xmx256m")).start()) {
      Api api = server.api();
      single = api.start("single-long", Map.of());
      head = api.start("line", Map.of("tag", "head", "seconds", 120));
      waiting =
          List.of(
              api.start("line", Map.of("tag", "1", "seconds", 0)),
              api.start("line", Map.of("tag", "2", "seconds", 0)),
              api.start("line", Map.of("tag", "3", "seconds", 0)));
      Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> api.state(single).equals("running") && api.state(head).equals("running"));
      assertThat(waiting).allMatch(id -> api.state(id).equals("queued"));
      server.killHard();
    }
    assertThat(Processes.ofRun(head)).isNotEmpty();

    try (ServerProcess server =
        new ServerProcess(dataDir, List.of("-Xmx256m", PAUSE))
            .launch()
            .awaitPortOpen(Duration.ofSeconds(90))) {
      Api api = server.api();
      var second =
          CompletableFuture.supplyAsync(() -> api.post("/api/jobs/single-long/runs", Map.of()));
      var fourth =
          CompletableFuture.supplyAsync(() ->
              api.post("/api/jobs/line/runs", Map.of("params", Map.of("tag", "4", "seconds", 0))));
      var kill =
          CompletableFuture.supplyAsync(() -> api.post("/api/runs/" + head + "/kill", Map.of()));

      assertThat(second.get().status()).as(second.get().body()).isEqualTo(409);
      assertThat(kill.get().status()).as(kill.get().body()).isEqualTo(202);
      assertThat(kill.get().json()).containsEntry("stop", "signalled");
      assertThat(fourth.get().status()).as(fourth.get().body()).isEqualTo(201);
      String last = (String) fourth.get().json().get("id");

      Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> api.state(last).equals("succeeded"));
      assertThat(api.state(head)).isEqualTo("killed");
      assertThat(Processes.ofRun(head)).isEmpty();
      assertThat(api.state(single)).isEqualTo("running");
      List<Instant> starts =
          List.of(waiting.get(0), waiting.get(1), waiting.get(2), last).stream()
              .map(id -> Instant.parse((String) api.run(id).get("startedAt")))
              .toList();
      assertThat(starts).as("the line's order: the three that waited, then the new one").isSorted();
      assertThat(api.post("/api/runs/" + single + "/kill", Map.of()).status()).isEqualTo(202);
    }
  }
}
