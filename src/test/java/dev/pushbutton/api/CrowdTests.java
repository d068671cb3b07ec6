package dev.pushbutton.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushbutton.bench.Viewer;
import dev.pushbutton.testing.ClassHistogram;
import dev.pushbutton.testing.ServerTest;
import dev.pushbutton.testing.SseClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;
import javax.management.JMException;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;

/** Many viewers of one run, served by the run's broadcaster in rounds and shards. */
class CrowdTests extends ServerTest {
  private static final int LINES = 200;
  private static final String HTTP_PROCESSOR = "org.apache.coyote.http11.Http11Processor";
  // Tomcat's processor cache (server.tomcat.processor-cache), and room for other tests' requests.
  private static final int PROCESSORS_KEPT_FOR_REUSE = 250;

  @Test
  void everyViewerOfACrowdGetsEveryLineOnceInOrder() throws Exception {
    String runId = api.start("crowd-ticker", Map.of());
    String path = "/api/runs/" + runId + "/events";
    int crowd = 600; // more than one shard's worth, so rounds are written by several threads
    List<List<Long>> received = new ArrayList<>();
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    List<Thread> readers = new ArrayList<>();
    List<Viewer> viewers = new ArrayList<>();
    for (int i = 0; i < crowd; i++) {
      Viewer viewer = new Viewer("127.0.0.1", port, path, api.authorization());
      viewers.add(viewer);
      List<Long> seqs = new ArrayList<>();
      received.add(seqs);
      readers.add(Thread.ofVirtual().start(() -> read(viewer, seqs, failures)));
    }
    // One more joins while the lines are flowing: it reads the start from the feed or the log, then
    // follows live like the rest.
    eventually().until(() -> api.log(runId).length > 0);
    List<Long> late;
    try (SseClient latecomer = api.events(path)) {
      latecomer.awaitEnd(Duration.ofSeconds(30));
      late = latecomer.outputs().stream().map(e -> e.seq()).toList();
    }
    for (Thread reader : readers) {
      reader.join(Duration.ofSeconds(30));
    }
    for (Viewer viewer : viewers) {
      viewer.close();
    }

    List<Long> all = LongStream.rangeClosed(1, LINES).boxed().toList();
    assertThat(failures).isEmpty();
    assertThat(late).containsExactlyElementsOf(all);
    for (List<Long> seqs : received) {
      assertThat(seqs).containsExactlyElementsOf(all);
    }
    assertThat(api.state(runId)).isEqualTo("succeeded");
  }

  @Test
  void aQuietStreamGetsHeartbeats() throws Exception {
    String runId = api.start("sleeper", Map.of());
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket
          .getOutputStream()
          .write(
              ("GET /api/runs/"
                      + runId
                      + "/events HTTP/1.1\r\nHost: localhost\r\nAuthorization: "
                      + api.authorization()
                      + "\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      socket.setSoTimeout(10_000);
      InputStream in = socket.getInputStream();
      var seen = new StringBuilder();
      byte[] buffer = new byte[4096];
      // the heartbeat is 300 ms in tests: two of them come well within the read timeout
      while (count(seen, ": keepalive") < 2) {
        int n = in.read(buffer);
        assertThat(n).as("the stream stays open").isPositive();
        seen.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
      }
      assertThat(seen.toString()).contains("event: state", "\"text\":\"started\"");
    } finally {
      api.post("/api/runs/" + runId + "/kill", Map.of());
    }
  }

  @Test
  void viewersWhoLeaveAnActiveRunLeaveNoConnectionStateBehind() throws Exception {
    int before = liveInstances(HTTP_PROCESSOR);
    String runId = api.start("sleeper", Map.of());
    int crowd = 600; // three times Tomcat's cache of idle processors
    List<Viewer> viewers = new ArrayList<>();
    try {
      for (int i = 0; i < crowd; i++) {
        viewers.add(
            new Viewer("127.0.0.1", port, "/api/runs/" + runId + "/events", api.authorization()));
      }
      // Each stream holds a processor while it lasts.
      withFullCollections().until(() -> liveInstances(HTTP_PROCESSOR) >= crowd);
      for (Viewer viewer : viewers) {
        viewer.close(); // the tab is closed; the server finds out at the next heartbeat
      }

      // Each connection's request state (its processor, some 60 KB with its buffers) is let go
      // once the connection is closed, except for the few Tomcat keeps for reuse. Tomcat's cache
      // of socket channels used to keep the last processor of each: half a gigabyte after ten
      // thousand viewers.
      withFullCollections()
          .untilAsserted(() ->
              assertThat(liveInstances(HTTP_PROCESSOR) - before)
                  .isLessThanOrEqualTo(PROCESSORS_KEPT_FOR_REUSE));
    } finally {
      api.post("/api/runs/" + runId + "/kill", Map.of());
    }
  }

  /** Waiting on {@link #liveInstances}, each look of which costs a full collection. */
  private static ConditionFactory withFullCollections() {
    return Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500));
  }

  /** Instances of the class that survive a full collection in this JVM, the server's. */
  private static int liveInstances(String className) throws JMException {
    return ClassHistogram.ofThisJvm().instances(className);
  }

  private static void read(Viewer viewer, List<Long> seqs, List<Throwable> failures) {
    try {
      viewer.read((seq, buffer, offset, length, receivedAt) -> seqs.add(seq));
    } catch (IOException | RuntimeException e) {
      failures.add(e);
    }
  }

  private static int count(CharSequence text, String part) {
    int count = 0;
    for (int at = text.toString().indexOf(part);
        at >= 0;
        at = text.toString().indexOf(part, at + 1)) {
      count++;
    }
    return count;
  }
}
