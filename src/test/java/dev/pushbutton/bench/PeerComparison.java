package dev.pushbutton.bench;

import dev.pushbutton.testing.ServerProcess;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Pushbutton beside a peer, script-server (a Python/Tornado server that runs configured scripts),
 * measured the same way on the same machine: resident memory at rest after start-up, and how long
 * the request that starts a run of a do-nothing job takes to be answered. Run it with {@code
 * --only=peer} (see docs/BENCHMARKS.md); the rest of the benchmark's options do not apply.
 *
 * <p>Each server is started cold by this class, one after the other, never both at once: Pushbutton
 * as a user starts it ({@code java -jar} with no JVM options, a fresh data directory, the bench
 * catalog), the peer from {@code --peer-cmd} in {@code --peer-dir}. For each: wait until it
 * answers, let it settle, sample its VmRSS once a second, then send the warm-up requests and the
 * measured ones, one after another, through one {@link HttpClient} (HTTP/1.1, keep-alive) shared by
 * both.
 *
 * <p>Options (all {@code --name=value}): {@code peer-cmd} (split on spaces; {@code {work}} becomes
 * a fresh directory of this run; it must exec the server itself, not a shell, as its pid is the one
 * measured; default {@value #DEFAULT_PEER_CMD}), {@code peer-dir} (default /tmp/script-server),
 * {@code peer-url} (default http://127.0.0.1:5000), {@code peer-script} (default noop), {@code
 * peer-pid} (measure a peer that is already running instead of starting one), {@code settle-s}
 * (default 10), {@code rss-s} (default 30), {@code warmup} (default 200), {@code requests} (default
 * 300), {@code jar}, {@code catalog}, {@code out}.
 */
final class PeerComparison {
  static final String DEFAULT_PEER_CMD =
      "/usr/bin/python3 src/main.py -l {work}/logs -t {work}/temp";
  private static final String BOUNDARY = "pushbutton-bench-boundary";

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final Settings settings;

  private PeerComparison(Settings settings) {
    this.settings = settings;
  }

  /** What one server measured. */
  record Figures(
      String name,
      double rssMedianMb,
      double rssLastMb,
      double rssAfterMb,
      double p50,
      double p99) {}

  static void run(String[] args) throws Exception {
    Settings settings = Settings.parse(args);
    Path work = Files.createTempDirectory("pushbutton-peer");
    var comparison = new PeerComparison(settings);
    Figures pushbutton;
    Figures peer;
    try {
      pushbutton = comparison.pushbutton(work);
      peer = comparison.peer(work);
    } finally {
      deleteTree(work);
    }
    String table = table(pushbutton, peer, settings);
    System.out.println(table);
    if (settings.out() != null) {
      Files.writeString(settings.out(), table);
    }
  }

  private Figures pushbutton(Path work) throws Exception {
    try (ServerProcess server =
        new ServerProcess(settings.jar(), settings.catalog(), work.resolve("pushbutton"), List.of())
            .start()) {
      var client = Client.withToken(server.baseUrl(), "admin", ServerProcess.ADMIN_PASSWORD);
      HttpRequest start =
          HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/jobs/noop/runs"))
              .header("Authorization", client.authorization())
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString("{\"params\":{}}"))
              .build();
      return measure("Pushbutton", server.pid(), start, 201);
    }
  }

  private Figures peer(Path work) throws Exception {
    HttpRequest start =
        HttpRequest.newBuilder(URI.create(settings.peerUrl() + "/executions/start"))
            .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    multipart("__script_name", settings.peerScript())))
            .build();
    if (settings.peerPid() > 0) {
      awaitAnswer(settings.peerUrl() + "/conf", null, Duration.ofSeconds(30));
      return measure("script-server", settings.peerPid(), start, 200);
    }
    Path console = work.resolve("peer-console.log");
    List<String> command =
        Arrays.stream(settings.peerCommand().split(" "))
            .filter(part -> !part.isEmpty())
            .map(part -> part.replace("{work}", work.resolve("peer").toString()))
            .toList();
    Process process =
        new ProcessBuilder(command)
            .directory(settings.peerDir().toFile())
            .redirectErrorStream(true)
            .redirectOutput(console.toFile())
            .start();
    try {
      awaitAnswer(settings.peerUrl() + "/conf", process, Duration.ofSeconds(60));
      return measure("script-server", process.pid(), start, 200);
    } catch (IOException | RuntimeException e) {
      System.err.println("The peer's console:\n" + Files.readString(console));
      throw e;
    } finally {
      process.destroy(); // SIGTERM
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor();
      }
    }
  }

  /** Settles, samples resident memory, then times the start requests. */
  private Figures measure(String name, long pid, HttpRequest start, int created) throws Exception {
    System.out.printf(
        "%s (pid %d) answers; settling %d s, then VmRSS once a second for %d s%n",
        name, pid, settings.settleSeconds(), settings.rssSeconds());
    Thread.sleep(settings.settleSeconds() * 1000L);
    double[] rss = new double[settings.rssSeconds()];
    for (int i = 0; i < rss.length; i++) {
      rss[i] = rssMegabytes(pid);
      Thread.sleep(1000);
    }
    for (int i = 0; i < settings.warmup(); i++) {
      send(start, created);
    }
    long[] answered = new long[settings.requests()];
    for (int i = 0; i < answered.length; i++) {
      long t0 = System.nanoTime();
      send(start, created);
      answered[i] = System.nanoTime() - t0;
    }
    Thread.sleep(5000); // the runs end and the server is at rest again
    double after = rssMegabytes(pid);
    return new Figures(
        name,
        median(rss),
        rss[rss.length - 1],
        after,
        Stats.percentileMillis(answered, 0.5),
        Stats.percentileMillis(answered, 0.99));
  }

  private void send(HttpRequest request, int expected) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != expected) {
      throw new IOException(
          request.uri() + " answered " + response.statusCode() + ": " + response.body());
    }
  }

  /** Polls {@code url} every 100 ms until it answers 200 (and the process, if any, still runs). */
  private void awaitAnswer(String url, Process process, Duration limit) throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    HttpRequest ping = HttpRequest.newBuilder(URI.create(url)).build();
    while (System.nanoTime() < deadline) {
      if (process != null && !process.isAlive()) {
        throw new IOException("the peer exited with " + process.exitValue());
      }
      try {
        if (http.send(ping, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (ConnectException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new IOException(url + " did not answer 200 within " + limit);
  }

  static String multipart(String name, String value) {
    return "--"
        + BOUNDARY
        + "\r\nContent-Disposition: form-data; name=\""
        + name
        + "\"\r\n\r\n"
        + value
        + "\r\n--"
        + BOUNDARY
        + "--\r\n";
  }

  /** VmRSS of {@code pid} from /proc, in megabytes (MiB). */
  static double rssMegabytes(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
      }
    }
    throw new IOException("no VmRSS for process " + pid);
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }

  static String table(Figures pushbutton, Figures peer, Settings settings) {
    var text = new StringBuilder();
    text.append("| figure | Pushbutton | script-server | ratio |\n");
    text.append("|---|---|---|---|\n");
    row(
        text,
        "resident memory at rest, median of " + settings.rssSeconds() + " s",
        pushbutton.rssMedianMb(),
        peer.rssMedianMb(),
        "MiB");
    row(
        text,
        "resident memory at rest, last sample",
        pushbutton.rssLastMb(),
        peer.rssLastMb(),
        "MiB");
    row(
        text,
        "resident memory 5 s after the " + (settings.warmup() + settings.requests()) + " starts",
        pushbutton.rssAfterMb(),
        peer.rssAfterMb(),
        "MiB");
    String requests = " (" + settings.requests() + " after " + settings.warmup() + " warm-up)";
    row(text, "start request answered, p50" + requests, pushbutton.p50(), peer.p50(), "ms");
    row(text, "start request answered, p99" + requests, pushbutton.p99(), peer.p99(), "ms");
    return text.toString();
  }

  private static void row(
      StringBuilder text, String figure, double ours, double theirs, String unit) {
    text.append("| ")
        .append(figure)
        .append(" | ")
        .append(Row.format(ours))
        .append(' ')
        .append(unit)
        .append(" | ")
        .append(Row.format(theirs))
        .append(' ')
        .append(unit)
        .append(" | ")
        .append(Row.format(ours / theirs))
        .append("× |\n");
  }

  private static void deleteTree(Path root) throws IOException {
    try (var paths = Files.walk(root)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  record Settings(
      Path jar,
      Path catalog,
      String peerCommand,
      Path peerDir,
      String peerUrl,
      String peerScript,
      long peerPid,
      int settleSeconds,
      int rssSeconds,
      int warmup,
      int requests,
      Path out) {

    static Settings parse(String[] args) throws Exception {
      Map<String, String> values =
          Arrays.stream(args)
              .filter(a -> a.startsWith("--") && a.contains("="))
              .collect(
                  Collectors.toMap(
                      a -> a.substring(2, a.indexOf('=')), a -> a.substring(a.indexOf('=') + 1)));
      var options = Benchmark.Options.parse(args);
      return new Settings(
          options.jar(),
          options.catalog(),
          values.getOrDefault("peer-cmd", DEFAULT_PEER_CMD),
          Path.of(values.getOrDefault("peer-dir", "/tmp/script-server")),
          values.getOrDefault("peer-url", "http://127.0.0.1:5000"),
          values.getOrDefault("peer-script", "noop"),
          Long.parseLong(values.getOrDefault("peer-pid", "0")),
          Integer.parseInt(values.getOrDefault("settle-s", "10")),
          Integer.parseInt(values.getOrDefault("rss-s", "30")),
          Integer.parseInt(values.getOrDefault("warmup", "200")),
          Integer.parseInt(values.getOrDefault("requests", "300")),
          options.out());
    }
  }
}
