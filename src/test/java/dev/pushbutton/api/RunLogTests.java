package dev.pushbutton.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushbutton.testing.Api;
import dev.pushbutton.testing.ServerTest;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The raw log over HTTP: byte ranges of it, and where stderr wrote in it. */
class RunLogTests extends ServerTest {
  // stderr-block writes "out1\n", then "err1\nerr2\n" to stderr, then "out2\n": 20 bytes, 4 lines.
  private static final String LOG = "out1\nerr1\nerr2\nout2\n";

  @Test
  void aRangeAnswersThoseBytesWithTheirPlaceAndTheLineTheyStartOn() {
    String runId = finishedRun();

    var middle = range(runId, "bytes=5-9");
    assertThat(middle.status()).isEqualTo(206);
    assertThat(middle.body()).isEqualTo("err1\n");
    assertThat(middle.header("Content-Range")).isEqualTo("bytes 5-9/20");
    assertThat(middle.header("Content-Length")).isEqualTo("5");
    assertThat(middle.header("X-Pushbutton-First-Line")).isEqualTo("2");
    assertThat(middle.header("X-Pushbutton-Last-Seq")).isEqualTo("4");

    var tail = range(runId, "bytes=-7");
    assertThat(tail.status()).isEqualTo(206);
    assertThat(tail.body()).isEqualTo("2\nout2\n");
    assertThat(tail.header("Content-Range")).isEqualTo("bytes 13-19/20");
    assertThat(tail.header("X-Pushbutton-First-Line")).isEqualTo("3");

    var from = range(runId, "bytes=17-");
    assertThat(from.body()).isEqualTo("t2\n");
    assertThat(from.header("X-Pushbutton-First-Line")).isEqualTo("4");

    var past = range(runId, "bytes=0-1000");
    assertThat(past.status()).isEqualTo(206);
    assertThat(past.body()).isEqualTo(LOG);
    assertThat(past.header("Content-Range")).isEqualTo("bytes 0-19/20");
    assertThat(past.header("X-Pushbutton-First-Line")).isEqualTo("1");

    var longerSuffix = range(runId, "bytes=-1000");
    assertThat(longerSuffix.body()).isEqualTo(LOG);
    assertThat(longerSuffix.header("Content-Range")).isEqualTo("bytes 0-19/20");
  }

  /** What the run page's preload hint asks for: a page cannot put a header in a hint. */
  @Test
  void tailInTheAddressAsksForTheEndAsARangeHeaderDoes() {
    String runId = finishedRun();
    var tail = api.get("/api/runs/" + runId + "/log?tail=7");
    assertThat(tail.status()).isEqualTo(206);
    assertThat(tail.body()).isEqualTo("2\nout2\n");
    assertThat(tail.header("Content-Range")).isEqualTo("bytes 13-19/20");
    assertThat(tail.header("X-Pushbutton-First-Line")).isEqualTo("3");
    assertThat(tail.header("X-Pushbutton-Last-Seq")).isEqualTo("4");
    assertThat(api.get("/api/runs/" + runId + "/log?tail=1000").body()).isEqualTo(LOG);

    var header =
        api.send(
            HttpRequest.newBuilder(api.uri("/api/runs/" + runId + "/log?tail=7"))
                .header("Range", "bytes=0-3")
                .build());
    assertThat(header.body()).as("a Range header is what counts").isEqualTo("out1");
    assertThat(api.get("/api/runs/" + runId + "/log?tail=0").status()).isEqualTo(416);
    var bad = api.get("/api/runs/" + runId + "/log?tail=-3");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json()).containsEntry("field", "tail");
  }

  @Test
  void aRangePastTheEndIsRefusedWithTheSize() {
    String runId = finishedRun();
    for (String unsatisfiable : List.of("bytes=20-", "bytes=25-30", "bytes=-0")) {
      var answer = range(runId, unsatisfiable);
      assertThat(answer.status()).as(unsatisfiable).isEqualTo(416);
      assertThat(answer.header("Content-Range")).isEqualTo("bytes */20");
      assertThat(answer.json()).containsKey("error");
    }
  }

  @Test
  void withoutARangeOrWithOneItDoesNotTakeTheWholeLogComes() {
    String runId = finishedRun();
    var whole = api.get("/api/runs/" + runId + "/log");
    assertThat(whole.status()).isEqualTo(200);
    assertThat(whole.body()).isEqualTo(LOG);
    assertThat(whole.header("Accept-Ranges")).isEqualTo("bytes");
    assertThat(whole.header("X-Pushbutton-Last-Seq")).isEqualTo("4");
    for (String ignored : List.of("bytes=9-2", "bytes=0-1,4-5", "lines=1-2", "bytes=x-")) {
      var answer = range(runId, ignored);
      assertThat(answer.status()).as(ignored).isEqualTo(200);
      assertThat(answer.body()).isEqualTo(LOG);
    }
    var download =
        api.send(
            HttpRequest.newBuilder(api.uri("/api/runs/" + runId + "/log?download=1"))
                .header("Range", "bytes=0-3")
                .build());
    assertThat(download.status()).isEqualTo(206);
    assertThat(download.body()).isEqualTo("out1");
    assertThat(download.header("Content-Disposition")).startsWith("attachment");
  }

  @Test
  void anEmptyLogHasNoBytesToGive() {
    String runId = api.start("missing-workdir", Map.of());
    awaitState(runId, "failed");
    long size = api.log(runId).length; // the server's note of the failure, if it wrote one
    var answer = range(runId, "bytes=" + size + "-");
    assertThat(answer.status()).isEqualTo(416);
    assertThat(answer.header("Content-Range")).isEqualTo("bytes */" + size);
  }

  @Test
  void streamsListTheStretchesStderrWroteWithTheirLines() {
    String runId = finishedRun();
    var all = api.get("/api/runs/" + runId + "/log/streams");
    assertThat(all.status()).isEqualTo(200);
    assertThat(all.json())
        .containsEntry("lastSeq", 4)
        .containsEntry("size", 20)
        .containsEntry("lines", 4)
        // err1 and err2 were written together: one stretch, bytes 5 to 15, lines 2 and 3.
        .containsEntry("stderr", List.of(List.of(5, 15, 2, 3)));

    var before = api.get("/api/runs/" + runId + "/log/streams?from=0&to=5");
    assertThat(before.json()).containsEntry("stderr", List.of());
    var after = api.get("/api/runs/" + runId + "/log/streams?from=14");
    assertThat(after.json()).containsEntry("stderr", List.of(List.of(5, 15, 2, 3)));

    var bad = api.get("/api/runs/" + runId + "/log/streams?from=-1");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json()).containsEntry("field", "from");
  }

  @Test
  void aRunTheCallerMayNotSeeHasNoLogNorStreams() {
    String runId = finishedRun();
    Api stranger = newUser("viewer", "nobody-group").api();
    String hidden = api.start("hidden-job", Map.of());
    assertThat(stranger.get("/api/runs/" + hidden + "/log/streams").status()).isEqualTo(404);
    assertThat(stranger.get("/api/runs/no-such-run/log/streams").status()).isEqualTo(404);
    assertThat(api.get("/api/runs/" + runId + "/log/streams").status()).isEqualTo(200);
  }

  private String finishedRun() {
    String runId = api.start("stderr-block", Map.of());
    awaitState(runId, "succeeded");
    return runId;
  }

  private Api.Response range(String runId, String range) {
    return api.send(
        HttpRequest.newBuilder(api.uri("/api/runs/" + runId + "/log"))
            .header("Range", range)
            .build());
  }
}
