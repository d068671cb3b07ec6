package dev.pushbutton.bench;

import dev.pushbutton.testing.ClassHistogram;
import dev.pushbutton.testing.ServerProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/** The measurements, each recording its rows. */
final class Scenarios {
  /** Runs of each capture and replay figure, which reports their median. */
  private static final int MEASURED_RUNS = 3;

  private final ServerProcess server;
  private final Client client;
  private final Path work;
  private final List<Row> rows;

  Scenarios(ServerProcess server, Client client, Path work, List<Row> rows) {
    this.server = server;
    this.client = client;
    this.work = work;
    this.rows = rows;
  }

  /**
   * How fast a run is accepted, and how soon its process runs, against spawning a process directly.
   */
  void start() throws Exception {
    // Warm up the server's JIT first, as a long-running server is: the first thousand requests run
    // slower.
    for (int i = 0; i < 1000; i++) {
      client.start("noop", Map.of());
    }
    long[] answered = new long[300];
    for (int i = 0; i < answered.length; i++) {
      long t0 = System.nanoTime();
      client.start("noop", Map.of());
      answered[i] = System.nanoTime() - t0;
    }
    double answeredP50 = Stats.percentileMillis(answered, 0.5);
    double answeredP99 = Stats.percentileMillis(answered, 0.99);
    rows.add(Row.of("start: POST answered, p50", answeredP50, "ms", "≤ 5 ms", answeredP50 <= 5));
    rows.add(Row.of("start: POST answered, p99", answeredP99, "ms", "≤ 20 ms", answeredP99 <= 20));

    long[] running = new long[60];
    long[] spawn = new long[60];
    for (int i = 0; i < running.length; i++) {
      long sent = Clocks.epochNanos();
      String runId = client.start("stamp", Map.of());
      client.awaitEnd(runId);
      String printed = client.get("/api/runs/" + runId + "/log").body().trim();
      running[i] = Long.parseLong(printed) - sent;
      long before = Clocks.epochNanos();
      Process direct = new ProcessBuilder("date", "+%s%N").redirectErrorStream(true).start();
      String stamp =
          new String(direct.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
      direct.waitFor();
      spawn[i] = Long.parseLong(stamp) - before;
    }
    double p99 = Stats.percentileMillis(running, 0.99);
    rows.add(
        Row.against(
            "start: process running after the request, p50",
            Stats.percentileMillis(running, 0.5),
            Stats.percentileMillis(spawn, 0.5),
            "ms",
            "—",
            true));
    rows.add(
        Row.against(
            "start: process running after the request, p99",
            p99,
            Stats.percentileMillis(spawn, 0.99),
            "ms",
            "≤ 20 ms",
            p99 <= 20));
  }

  /**
   * Runs the live path once, unmeasured, as the start figures do with their warm-up requests: the
   * first second of a fresh JVM is spent compiling it, and that says nothing about delivery.
   */
  void warmUpLiveDelivery() throws Exception {
    String runId = client.start("ticker", Map.of("delay", "1", "count", 300));
    try (var crowd = crowd(runId, 300, (seq, buffer, offset, length, received) -> {})) {
      crowd.read();
    }
  }

  /**
   * A job prints its own wall-clock nanoseconds 100 times a second; every viewer notes when each
   * line arrives. All viewers connect before the first line, so every sample is live delivery.
   */
  void lineLatency(int viewers) throws Exception {
    int lines = 1000;
    double delay = 2 + viewers / 1000.0;
    String runId = client.start("ticker", Map.of("delay", Double.toString(delay), "count", lines));
    Stats stats = new Stats();
    int complete;
    int failed;
    try (var crowd =
        crowd(
            runId,
            viewers,
            (seq, buffer, offset, length, received) ->
                stats.record(received - timestamp(buffer, offset, length)))) {
      crowd.read();
      complete = crowd.gotExactly(lines);
      failed = crowd.failed();
    }
    double p50 = stats.percentileMillis(0.5);
    double p99 = stats.percentileMillis(0.99);
    double target = viewers <= 1 ? 10 : viewers <= 1000 ? 25 : 250;
    String label = "line latency, " + viewers + " viewer" + (viewers == 1 ? "" : "s");
    rows.add(Row.of(label + ", p50", p50, "ms", "—", true));
    rows.add(Row.of(label + ", p99", p99, "ms", "≤ " + (int) target + " ms", p99 <= target));
    rows.add(
        new Row(
            label + ": viewers that got all " + lines + " lines",
            complete + " of " + viewers + (failed > 0 ? " (" + failed + " errors)" : ""),
            "",
            "",
            "all",
            complete == viewers ? "met" : "MISSED"));
    if (viewers == 1) {
      double[] loopback = Loopback.oneWayMillis(lines);
      rows.add(
          new Row(
              "baseline: raw loopback message, p50 / p99",
              Row.format(loopback[0]) + " / " + Row.format(loopback[1]) + " ms",
              "",
              "",
              "—",
              ""));
    }
  }

  private static long timestamp(byte[] buffer, int offset, int length) {
    return Long.parseLong(new String(buffer, offset, length, StandardCharsets.US_ASCII));
  }

  /**
   * A job writing about {@code megabytes} of base64, stored and followed by one viewer, then
   * replayed.
   */
  void captureAndReplay(int megabytes) throws Exception {
    Path random = work.resolve("random.bin");
    long randomBytes = (long) megabytes * 1_000_000L * 57 / 77;
    writeRandom(random, randomBytes);
    double direct = fastestBase64Millis(random, null);
    // Not a target's baseline, but the floor of this design: the job writes its log file itself.
    Path file = work.resolve("floor.txt");
    double toFile = fastestBase64Millis(random, file);
    Files.deleteIfExists(file);

    // One unmeasured run first, as for the other figures: a fresh JVM compiles the capture path on
    // it.
    client.awaitEnd(client.start("flood", Map.of("file", random.toString())));

    // Stored: nobody watching, as most runs are. The median of a few runs: on a shared machine one
    // run of the same build took anywhere from 0.3 to 1.1 s.
    double[] storedRuns = new double[MEASURED_RUNS];
    String runId = null;
    for (int i = 0; i < MEASURED_RUNS; i++) {
      long t0 = System.nanoTime();
      runId = client.start("flood", Map.of("file", random.toString()));
      client.awaitEnd(runId);
      storedRuns[i] = (System.nanoTime() - t0) / 1e6;
    }
    double stored = Stats.median(storedRuns);
    long logBytes = Files.size(stdout(runId));
    String size = Row.format(logBytes / 1e6) + " MB";
    rows.add(
        Row.against(
            "capture: "
                + size
                + " job finished and stored, unwatched, "
                + runs(storedRuns)
                + " (vs. same command > /dev/null)",
            stored,
            direct,
            "ms",
            "≤ 1.2×",
            stored <= 1.2 * direct));
    rows.add(
        Row.against(
            "baseline: the same command > a file (vs. > /dev/null)",
            toFile,
            direct,
            "ms",
            "—",
            true));

    // A run with a secret parameter: its output is read, masked and written again (the base64
    // alphabet holds the secret's first letter, so the mask looks closer at one byte in 64).
    Map<String, Object> withSecret = Map.of("file", random.toString(), "key", "Kx9-secret-value");
    client.awaitEnd(client.start("flood-secret", withSecret));
    double[] maskedRuns = new double[MEASURED_RUNS];
    for (int i = 0; i < MEASURED_RUNS; i++) {
      long t0 = System.nanoTime();
      client.awaitEnd(client.start("flood-secret", withSecret));
      maskedRuns[i] = (System.nanoTime() - t0) / 1e6;
    }
    double masked = Stats.median(maskedRuns);
    rows.add(
        Row.against(
            "capture: the same job with a secret to mask, stored, "
                + runs(maskedRuns)
                + " (vs. without)",
            masked,
            stored,
            "ms",
            "≤ 2×",
            masked <= 2 * stored));

    // Watched: a viewer follows the same job live from its start, after one unmeasured watched run:
    // the watched path (the feed's encoding, the catch-up from the log, the viewer's decoding) is
    // another path to compile than the unwatched one, and its first run took four times as long.
    watch(client.start("flood", Map.of("file", random.toString())));
    double[] viewedRuns = new double[MEASURED_RUNS];
    boolean everyByte = true;
    for (int i = 0; i < MEASURED_RUNS; i++) {
      long w0 = System.nanoTime();
      String watched = client.start("flood", Map.of("file", random.toString()));
      Watched live = watch(watched);
      viewedRuns[i] = (System.nanoTime() - w0) / 1e6;
      everyByte &= live.textBytes() == Files.size(stdout(watched));
    }
    double viewed = Stats.median(viewedRuns);
    rows.add(
        Row.against(
            "capture: one live viewer has every byte, " + runs(viewedRuns) + " (vs. > /dev/null)",
            viewed,
            direct,
            "ms",
            "≤ 2×",
            viewed <= 2 * direct && everyByte));

    int count = 3_000_000;
    long l0 = System.nanoTime();
    String lines = client.start("lines", Map.of("count", count));
    client.awaitEnd(lines);
    double perSecond = count / ((System.nanoTime() - l0) / 1e9);
    long s0 = System.nanoTime();
    new ProcessBuilder("seq", "1", Integer.toString(count))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start()
        .waitFor();
    double seqPerSecond = count / ((System.nanoTime() - s0) / 1e9);
    rows.add(
        Row.against(
            "capture: lines per second, stored and fanned out",
            perSecond,
            seqPerSecond,
            "lines/s",
            "≥ 200,000",
            perSecond >= 200_000));

    replay(runId, logBytes);
  }

  /**
   * The fastest of three runs of {@code base64 input}, its output discarded, or written to a new
   * file {@code into} each time (as a job writes its new log).
   */
  private static double fastestBase64Millis(Path input, Path into) throws Exception {
    double fastest = Double.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      var base64 = new ProcessBuilder("base64", input.toString());
      if (into == null) {
        base64.redirectOutput(ProcessBuilder.Redirect.DISCARD);
      } else {
        Files.deleteIfExists(into);
        base64.redirectOutput(into.toFile());
      }
      long t0 = System.nanoTime();
      base64.start().waitFor();
      fastest = Math.min(fastest, (System.nanoTime() - t0) / 1e6);
    }
    return fastest;
  }

  private void replay(String runId, long logBytes) throws Exception {
    double[] firsts = new double[MEASURED_RUNS];
    double[] rates = new double[MEASURED_RUNS];
    boolean everyByte = true;
    long streamBytes = 0;
    for (int i = 0; i < MEASURED_RUNS; i++) {
      long t0 = System.nanoTime();
      Watched replayed = watch(runId);
      double seconds = (System.nanoTime() - t0) / 1e9;
      firsts[i] = (replayed.firstOutputNanos() - t0) / 1e6;
      rates[i] = logBytes / 1e6 / seconds;
      everyByte &= replayed.textBytes() == logBytes;
      streamBytes = replayed.streamBytes();
    }
    double first = Stats.median(firsts);
    double rate = Stats.median(rates);
    double loopback = Loopback.copyMegabytesPerSecond(stdout(runId));
    rows.add(
        Row.of(
            "replay: first event of a finished run, " + runs(firsts),
            first,
            "ms",
            "≤ 50 ms",
            first <= 50));
    rows.add(
        Row.against(
            "replay: whole backlog (log MB per second; "
                + Row.format(streamBytes / 1e6)
                + " MB of events), "
                + runs(rates),
            rate,
            loopback,
            "MB/s",
            "≥ 100 MB/s",
            rate >= 100 && everyByte));
  }

  /** What a median was taken of, for the figure's label: "median of 3 (412 / 380 / 951)". */
  private static String runs(double[] values) {
    var each = new StringJoiner(" / ", "median of " + values.length + " (", ")");
    for (double value : values) {
      each.add(Row.format(value));
    }
    return each.toString();
  }

  /** Resident memory per idle viewer, with {@code viewers} connected to one waiting run. */
  void idleViewerMemory(int viewers) throws Exception {
    String runId = client.start("idle", Map.of("seconds", 600));
    Thread.sleep(1000);
    long before = server.rssBytes();
    long heapBefore = liveHeap();
    var crowd = crowd(runId, viewers, (seq, buffer, offset, length, received) -> {});
    Thread reading =
        Thread.ofVirtual()
            .start(() -> {
              try {
                crowd.read();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    while (crowd.answered() < viewers) {
      Thread.sleep(10);
    }
    int connected = crowd.answered();
    Thread.sleep(3000);
    long after = server.rssBytes();
    long heapAfter = liveHeap();
    double perViewer = (after - before) / 1024.0 / viewers;
    rows.add(
        Row.of(
            "memory: RSS per idle viewer, " + connected + " connected",
            perViewer,
            "KB",
            "≤ 32 KB",
            perViewer <= 32));
    // What the server really keeps per viewer, apart from how far the JVM grew its heap meanwhile.
    rows.add(
        Row.of(
            "memory: live heap per idle viewer (after a full GC)",
            (heapAfter - heapBefore) / 1024.0 / viewers,
            "KB",
            "—",
            true));
    crowd.close(); // the read loops see the streams end
    reading.join();
    client.get("/api/runs/" + runId);
    new ProcessBuilder(
            "curl",
            "-s",
            "-X",
            "POST",
            "-H",
            client.authorization() == null
                ? "X-Nothing: x"
                : "Authorization: " + client.authorization(),
            client.base() + "/api/runs/" + runId + "/kill")
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start()
        .waitFor();
    client.awaitEnd(runId);
    // Writing the final state to their closed connections tells the server they left.
    Thread.sleep(2000);
    rows.add(
        Row.of(
            "memory: live heap kept once the " + connected + " viewers left",
            (liveHeap() - heapBefore) / 1024.0 / 1024.0,
            "MB",
            "—",
            true));
  }

  /**
   * Heap the server keeps while a job writes about {@code megabytes} of output: the live heap after
   * a full collection, sampled every half second during the run, against the same before it. (Heap
   * "used" without a collection mostly measures garbage not yet collected, which says nothing about
   * retention.)
   */
  void heapDuringBigJob(int megabytes) throws Exception {
    Path random = work.resolve("random-big.bin");
    writeRandom(random, (long) megabytes * 1_000_000L * 57 / 77);
    long before = liveHeap();
    String runId = client.start("flood", Map.of("file", random.toString()));
    long max = before;
    int samples = 0;
    while (!isOver(runId)) {
      max = Math.max(max, liveHeap());
      samples++;
      Thread.sleep(500);
    }
    double raised = (max - before) / 1e6;
    rows.add(
        Row.of(
            "memory: live heap raised during a " + megabytes + " MB job (" + samples + " samples)",
            raised,
            "MB",
            "≤ 32 MB",
            raised <= 32));
    Files.delete(random);
  }

  /**
   * The bytes of every object reachable in the server: the total of a class histogram, which the
   * JVM takes after a full collection, at a safepoint. (Reading the heap's "used" just after a
   * collection raced the job: at a few hundred megabytes a second of short-lived allocation, the
   * reading included whatever had been allocated between the collection and the reading.)
   */
  private long liveHeap() throws Exception {
    return new ClassHistogram(jcmd("GC.class_histogram")).totalBytes();
  }

  /**
   * A full collection in the server, so that the garbage one scenario left behind (the buffers of
   * 10,000 closed connections, say) is not collected during the next one.
   */
  void settle() throws Exception {
    jcmd("GC.run");
  }

  private String jcmd(String command) throws Exception {
    Process jcmd =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(server.pid()),
                command)
            .redirectErrorStream(true)
            .start();
    String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (jcmd.waitFor() != 0) {
      throw new IOException("jcmd " + command + " failed: " + output);
    }
    return output;
  }

  private boolean isOver(String runId) throws Exception {
    return Client.isFinal((String) client.run(runId).get("state"));
  }

  /** List latency with {@code runs} runs recorded. */
  void history(int runs) throws Exception {
    HistorySeed.insert(server.dataDir().resolve("pushbutton.db"), runs);
    String middle = HistorySeed.idNear(server.dataDir().resolve("pushbutton.db"), runs / 2);
    String[] queries = {
      "/api/runs?limit=50",
      "/api/runs?jobId=noop&limit=50",
      "/api/runs?state=failed&limit=50",
      "/api/runs?limit=50&before=" + middle
    };
    for (int i = 0; i < 50; i++) {
      client.get(queries[i % queries.length]);
    }
    long[] nanos = new long[800];
    for (int i = 0; i < nanos.length; i++) {
      long t0 = System.nanoTime();
      var response = client.get(queries[i % queries.length]);
      nanos[i] = System.nanoTime() - t0;
      if (response.statusCode() != 200) {
        throw new IOException("history answered " + response.statusCode());
      }
    }
    double p99 = Stats.percentileMillis(nanos, 0.99);
    rows.add(
        Row.of(
            "history: list 50 runs of " + String.format("%,d", runs) + " (4 kinds of query), p50",
            Stats.percentileMillis(nanos, 0.5),
            "ms",
            "—",
            true));
    rows.add(
        Row.of(
            "history: list 50 runs of " + String.format("%,d", runs) + ", p99",
            p99,
            "ms",
            "≤ 20 ms",
            p99 <= 20));
  }

  /**
   * {@code viewers} viewers of the run's event stream, connected; {@link Crowd#read} reads them.
   */
  private Crowd crowd(String runId, int viewers, Viewer.OutputHandler handler) throws IOException {
    return new Crowd(
        "127.0.0.1", server.port(), events(runId), client.authorization(), viewers, handler);
  }

  private static String events(String runId) {
    return "/api/runs/" + runId + "/events";
  }

  /** The run's stored standard output: its log as the job wrote it. */
  private Path stdout(String runId) {
    return server.dataDir().resolve("runs").resolve(runId).resolve("stdout");
  }

  /**
   * Reads a run's whole event stream with one {@link Viewer}, decoding every event as a browser
   * would, and counts what came.
   */
  private Watched watch(String runId) throws IOException {
    long[] text = {0};
    long[] first = {0};
    try (var viewer =
        new Viewer("127.0.0.1", server.port(), events(runId), client.authorization())) {
      viewer.read((seq, buffer, offset, length, received) -> {
        if (first[0] == 0) {
          first[0] = System.nanoTime();
        }
        text[0] += length + 1; // the newline the event leaves out (base64 ends every line)
      });
      return new Watched(text[0], viewer.streamBytes(), first[0]);
    }
  }

  /**
   * What one viewer got: the text of the output with its newlines (the log's size when all came),
   * the bytes of the stream, and when the first output arrived (System.nanoTime).
   */
  private record Watched(long textBytes, long streamBytes, long firstOutputNanos) {}

  private static void writeRandom(Path file, long bytes) throws IOException, InterruptedException {
    new ProcessBuilder("head", "-c", Long.toString(bytes), "/dev/urandom")
        .redirectOutput(file.toFile())
        .start()
        .waitFor();
  }
}
