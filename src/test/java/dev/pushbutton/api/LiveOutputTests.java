package dev.pushbutton.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushbutton.testing.ServerTest;
import dev.pushbutton.testing.SseClient;
import dev.pushbutton.testing.SseEvent;
import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class LiveOutputTests extends ServerTest {
  private static final List<String> CLASSIC =
      List.of(
          "run method invoked",
          "doing a thing",
          "doing a second thing",
          "completed ALL THE THINGS!");

  @Test
  void startAnswersBeforeTheCommandEnds() {
    var created = api.post("/api/jobs/classic-demo/runs", Map.of());

    assertThat(created.status()).isEqualTo(201);
    assertThat(created.location()).isEqualTo("/api/runs/" + created.json().get("id"));
    assertThat(created.json().get("state")).isIn("starting", "queued");
    assertThat(created.json())
        .containsKeys(
            "id",
            "jobId",
            "state",
            "exitCode",
            "params",
            "createdAt",
            "startedAt",
            "finishedAt",
            "error");
  }

  @Test
  void viewerSeesEachLineAsItIsPrintedThenTheFinalState() throws Exception {
    String runId = api.start("classic-demo", Map.of());
    try (SseClient viewer = api.events("/api/runs/" + runId + "/events")) {
      viewer.awaitEnd(Duration.ofSeconds(30));

      assertThat(viewer.ended()).as("the server ends the stream after the final state").isTrue();
      assertThat(viewer.response().headers().firstValue("Content-Type"))
          .hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
      assertThat(viewer.response().headers().firstValue("X-Accel-Buffering")).contains("no");
      assertThat(viewer.texts()).containsExactlyElementsOf(CLASSIC);
      List<SseEvent> outputs = viewer.outputs();
      assertThat(outputs).extracting(SseEvent::id).containsExactly("1", "2", "3", "4");
      assertThat(outputs).extracting(SseEvent::seq).containsExactly(1L, 2L, 3L, 4L);
      Map<String, Object> first = outputs.get(0).json();
      assertThat(first).containsEntry("stream", "stdout").containsEntry("eol", true);
      // each line was read when it was printed, about a second apart: not all at the end
      Instant firstRead = Instant.parse((String) first.get("ts"));
      Instant lastRead = Instant.parse((String) outputs.get(3).json().get("ts"));
      assertThat(Duration.between(firstRead, lastRead)).isGreaterThan(Duration.ofMillis(2500));
      List<SseEvent> events = viewer.events();
      assertThat(events.get(events.size() - 1).isState()).isTrue();
      assertThat(viewer.states()).last().isEqualTo("succeeded");
    }
    assertThat(api.run(runId)).containsEntry("state", "succeeded").containsEntry("exitCode", 0);
  }

  @Test
  void lateViewerGetsBacklogThenLiveTail() throws Exception {
    String runId = api.start("classic-demo", Map.of());
    eventually()
        .until(() -> new String(api.log(runId), StandardCharsets.UTF_8).contains("doing a thing"));

    try (SseClient late = api.events("/api/runs/" + runId + "/events")) {
      late.awaitEnd(Duration.ofSeconds(30));
      assertThat(late.texts()).containsExactlyElementsOf(CLASSIC);
      assertThat(late.outputs()).extracting(SseEvent::seq).containsExactly(1L, 2L, 3L, 4L);
    }
  }

  @Test
  void resumesAfterLastEventIdWithoutGapOrDuplicate() throws Exception {
    String runId = api.start("classic-demo", Map.of());
    try (SseClient first = api.events("/api/runs/" + runId + "/events")) {
      eventually().until(() -> first.outputs().size() >= 2);
    }
    try (SseClient resumed =
        api.events("/api/runs/" + runId + "/events", Map.of("Last-Event-ID", "2"))) {
      resumed.awaitEnd(Duration.ofSeconds(30));
      assertThat(resumed.outputs()).extracting(SseEvent::seq).containsExactly(3L, 4L);
      assertThat(resumed.texts()).containsExactlyElementsOf(CLASSIC.subList(2, 4));
    }
    try (SseClient after = api.events("/api/runs/" + runId + "/events?after=3")) {
      after.awaitEnd(Duration.ofSeconds(30));
      assertThat(after.texts()).containsExactly("completed ALL THE THINGS!");
      assertThat(after.states()).containsExactly("succeeded");
    }
  }

  @Test
  void finishedRunReplaysWholeLogThenFinalState() throws Exception {
    String runId = api.start("exit-code", Map.of("code", 0));
    awaitState(runId, "succeeded");

    try (SseClient viewer = api.events("/api/runs/" + runId + "/events")) {
      viewer.awaitEnd(Duration.ofSeconds(10));
      assertThat(viewer.texts()).containsExactly("exiting with 0");
      List<SseEvent> events = viewer.events();
      assertThat(events).last().satisfies(e -> assertThat(e.state()).isEqualTo("succeeded"));
    }
  }

  @Test
  void aBacklogComesInLinesEventsThatUnfoldIntoEveryChunk() throws Exception {
    String runId = api.start("big-output", Map.of("bytes", 300_000));
    awaitState(runId, "succeeded");

    try (SseClient viewer = api.events("/api/runs/" + runId + "/events")) {
      viewer.awaitEnd(Duration.ofSeconds(10));
      List<SseEvent> batches = viewer.events().stream().filter(SseEvent::isLines).toList();
      assertThat(batches).isNotEmpty();
      for (SseEvent batch : batches) {
        List<?> texts = (List<?>) batch.json().get("texts");
        assertThat(Long.parseLong(batch.id())).isEqualTo(batch.seq() + texts.size() - 1);
      }
      List<SseEvent> outputs = viewer.outputs();
      assertThat(outputs)
          .extracting(SseEvent::seq)
          .containsExactlyElementsOf(LongStream.rangeClosed(1, outputs.size()).boxed().toList());
      String joined = outputs.stream().map(e -> e.text() + "\n").collect(Collectors.joining());
      assertThat(joined).isEqualTo(new String(api.log(runId), StandardCharsets.US_ASCII));
    }
  }

  @Test
  void aBurstReachesLiveViewersInLinesEventsAndAResumeMayStartInsideOne() throws Exception {
    String runId = api.start("bursts", Map.of());
    List<String> expected =
        Stream.concat(LongStream.rangeClosed(1, 40000).mapToObj(Long::toString), Stream.of("done"))
            .toList();
    SseEvent insideABurst;
    try (SseClient live = api.events("/api/runs/" + runId + "/events")) {
      eventually().until(() -> live.outputs().size() >= 20000);
      insideABurst =
          live.events().stream()
              .filter(SseEvent::isLines)
              .findFirst()
              .orElseThrow(() -> new AssertionError("the first burst came in output events only"));
      // Resume from the second line of that event, while the run is still going.
      assertThat(api.state(runId)).isEqualTo("running");
      try (SseClient resumed =
          api.events(
              "/api/runs/" + runId + "/events",
              Map.of("Last-Event-ID", Long.toString(insideABurst.seq() + 1)))) {
        live.awaitEnd(Duration.ofSeconds(30));
        resumed.awaitEnd(Duration.ofSeconds(30));

        assertThat(live.texts()).containsExactlyElementsOf(expected);
        assertThat(live.outputs())
            .extracting(SseEvent::seq)
            .containsExactlyElementsOf(LongStream.rangeClosed(1, 40001).boxed().toList());
        assertThat(live.events().stream().filter(SseEvent::isLines).count())
            .as("the second burst comes in lines events too")
            .isGreaterThan(1);
        int from = (int) insideABurst.seq() + 1;
        assertThat(resumed.texts()).containsExactlyElementsOf(expected.subList(from, 40001));
        assertThat(resumed.outputs())
            .extracting(SseEvent::seq)
            .containsExactlyElementsOf(LongStream.rangeClosed(from + 1, 40001).boxed().toList());
        assertThat(resumed.states()).last().isEqualTo("succeeded");
      }
    }
  }

  @Test
  void aViewerThatCaughtUpFromTheLogKeepsNoneOfItsFilesOpen() throws Exception {
    // Megabytes of backlog: more than the feed holds, so a new viewer reads the first from the log.
    String runId = api.start("big-output-then-wait", Map.of("bytes", 3_000_000));
    try {
      eventually()
          .until(() -> new String(api.log(runId), StandardCharsets.US_ASCII).contains("printed"));
      long whileUnwatched = openFilesOf(runId);

      try (SseClient viewer = api.events("/api/runs/" + runId + "/events")) {
        eventually().until(() -> viewer.texts().contains("printed"));

        // Following the live tail, it needs the log no more: the files it read are closed again.
        eventually().until(() -> openFilesOf(runId) == whileUnwatched);
        assertThat(api.state(runId)).isEqualTo("running");
      }
    } finally {
      api.post("/api/runs/" + runId + "/kill", Map.of());
      awaitState(runId, "killed");
    }
  }

  /** How many files of the run's directory this process has open, from /proc. */
  private static long openFilesOf(String runId) throws IOException {
    try (Stream<Path> descriptors = Files.list(Path.of("/proc/self/fd"))) {
      return descriptors
          .map(fd -> {
            try {
              return Files.readSymbolicLink(fd).toString();
            } catch (IOException closedMeanwhile) {
              return "";
            }
          })
          .filter(target -> target.contains("/" + runId + "/"))
          .count();
    }
  }

  @Test
  void stdoutAndStderrAreTaggedAndInterleavedInArrivalOrder() throws Exception {
    String runId = api.start("stderr-and-stdout", Map.of());
    try (SseClient viewer = api.events("/api/runs/" + runId + "/events")) {
      viewer.awaitEnd(Duration.ofSeconds(30));
      assertThat(viewer.outputs())
          .extracting(e -> e.json().get("stream") + ":" + e.text())
          .containsExactly("stdout:out1", "stderr:err1", "stdout:out2");
    }
    assertThat(new String(api.log(runId), StandardCharsets.UTF_8)).isEqualTo("out1\nerr1\nout2\n");
  }

  @Test
  void idleStreamGetsHeartbeatComments() throws Exception {
    String runId = api.start("sleeper", Map.of());
    try (SseClient viewer = api.events("/api/runs/" + runId + "/events")) {
      eventually().until(() -> viewer.comments().size() >= 2);
      assertThat(viewer.comments()).allMatch(c -> c.startsWith(":"));
    } finally {
      api.post("/api/runs/" + runId + "/kill", Map.of());
      awaitState(runId, "killed");
    }
  }

  @Test
  void stalledViewerHoldsUpNeitherTheJobNorOtherViewers() throws Exception {
    String runId = api.start("big-output", Map.of("bytes", 6_000_000));
    try (var stalled = new java.net.Socket("127.0.0.1", port)) {
      stalled.setReceiveBufferSize(4096);
      stalled
          .getOutputStream()
          .write(
              ("GET /api/runs/"
                      + runId
                      + "/events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      stalled.getOutputStream().flush();
      // the stalled viewer never reads a byte
      try (SseClient reader = api.events("/api/runs/" + runId + "/events")) {
        reader.awaitEnd(Duration.ofSeconds(60));
        assertThat(reader.states()).last().isEqualTo("succeeded");
        long lines = new String(api.log(runId), StandardCharsets.US_ASCII).lines().count();
        assertThat(reader.outputs()).hasSize((int) lines);
      }
      assertThat(api.state(runId)).isEqualTo("succeeded");
    }
  }

  @Test
  void directiveLinesSetStatusProgressAndNotesAndStayInTheLog() throws Exception {
    String runId = api.start("reporter", Map.of());
    try (SseClient viewer = api.events("/api/runs/" + runId + "/events")) {
      viewer.awaitEnd(Duration.ofSeconds(30));
      assertThat(viewer.texts())
          .contains("::status Preparing", "::group::Details", "inside the group");
      Map<String, Object> last = viewer.events().getLast().json();
      assertThat(last).containsEntry("status", "Done").containsEntry("progress", 100.0);
    }
    Map<String, Object> run = api.run(runId);
    assertThat(run).containsEntry("status", "Done").containsEntry("progress", 100.0);
    assertThat(run.get("notes"))
        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
        .extracting(n -> ((Map<?, ?>) n).get("level") + ":" + ((Map<?, ?>) n).get("text"))
        .containsExactly("warning:Mirror is slow", "error:Disk almost full");
    assertThat(new String(api.log(runId), StandardCharsets.UTF_8))
        .startsWith("::status Preparing\n");
  }

  @Test
  void everyRunsStateChangesAreStreamedForListPages() throws Exception {
    try (SseClient all = api.events("/api/events")) {
      eventually().until(() -> all.response() != null);
      String runId = api.start("exit-code", Map.of("code", 3));
      eventually()
          .until(() ->
              all.events().stream()
                  .anyMatch(e ->
                      e.isState()
                          && runId.equals(e.json().get("id"))
                          && "failed".equals(e.state())));
      List<String> states =
          all.events().stream()
              .filter(e -> runId.equals(e.json().get("id")))
              .map(SseEvent::state)
              .toList();
      assertThat(states).startsWith("starting").endsWith("failed").contains("running");
    }
  }

  @Test
  void rawLogNamesItsLastEventAndCanBeDownloaded() throws Exception {
    String runId = api.start("exit-code", Map.of("code", 0));
    awaitState(runId, "succeeded");
    var response = api.get("/api/runs/" + runId + "/log?download=1");
    assertThat(response.header("X-Pushbutton-Last-Seq")).isEqualTo("1");
    assertThat(response.header("Content-Disposition")).startsWith("attachment");
    assertThat(response.body()).isEqualTo("exiting with 0\n");
  }

  /**
   * An answer to HEAD has no body, so an event stream's ends with its headers: a stream held open
   * for it would write to no one for as long as the run (or, for every run's changes, the server)
   * lasts, and a client reusing the connection would wait for ever.
   */
  @Test
  void aHeadOfAnEventStreamEndsWithItsHeaders() throws Exception {
    String runId = api.start("sleeper", Map.of());
    try {
      for (String path : List.of("/api/events", "/api/runs/" + runId + "/events")) {
        assertThat(headUntilClosed(path))
            .as(path)
            .startsWith("HTTP/1.1 200")
            .contains("text/event-stream");
      }
    } finally {
      api.post("/api/runs/" + runId + "/kill", Map.of());
      awaitState(runId, "killed");
    }
  }

  /** The head of a HEAD's answer, read until the server ends it (it was asked to close). */
  private String headUntilClosed(String path) throws IOException {
    try (var socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(5_000); // a stream held open fails the read
      socket
          .getOutputStream()
          .write(
              ("HEAD "
                      + path
                      + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: "
                      + api.authorization()
                      + "\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    }
  }

  @Test
  void aLogAskedForAsJsonOrHtmlIsRefusedWithJsonNamingPlainText() {
    String runId = api.start("exit-code", Map.of("code", 0));
    awaitState(runId, "succeeded");
    for (String accept : List.of("application/json", "text/html")) {
      var answer =
          api.send(
              HttpRequest.newBuilder(api.uri("/api/runs/" + runId + "/log"))
                  .header("Accept", accept)
                  .build());
      assertThat(answer.status()).as(accept).isEqualTo(406);
      assertThat(answer.contentType()).as(accept).startsWith("application/json");
      assertThat((String) answer.json().get("error")).as(accept).contains("text/plain");
    }
  }

  @Test
  void unknownRunHasNoEvents() {
    var answer = api.get("/api/runs/nope/events");
    assertThat(answer.status()).isEqualTo(404);
    assertThat(answer.json()).containsKey("error");
    assertThat(api.get("/api/runs/nope/events?after=x").status()).isEqualTo(404);
  }
}
