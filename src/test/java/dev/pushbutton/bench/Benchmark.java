package dev.pushbutton.bench;

import dev.pushbutton.testing.ServerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Pushbutton's benchmark: starts the packaged jar (embedded mode, a fresh data directory), drives
 * it over HTTP and SSE with its own clients on virtual threads, and prints a table of figures, each
 * beside the baseline measured in the same run where one applies. Not a test: run it with the
 * command in docs/BENCHMARKS.md.
 *
 * <p>Options: {@code --only=tail,signin,start,latency,capture,replay,memory,history} (default all;
 * or {@code --only=peer} alone, Pushbutton beside script-server: see {@link PeerComparison}),
 * {@code --viewers=1,1000,10000}, {@code --flood-mb=100}, {@code --heap-mb=1000}, {@code
 * --runs=100000}, {@code --opens=7} (of the run page, for tail), {@code --out=FILE} (also write the
 * table as Markdown), {@code --keep} (keep the server's data directory and log, which are deleted
 * by default).
 */
public final class Benchmark {
  private Benchmark() {}

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    if (options.only().equals(Set.of("peer"))) {
      PeerComparison.run(args); // its own servers, started as users start them
      return;
    }
    Path work = Files.createTempDirectory("pushbutton-bench");
    List<Row> rows = new ArrayList<>();
    var settings = new ArrayList<>(options.jvm());
    settings.add("--logging.level.root=WARN");
    try {
      try (ServerProcess server =
          new ServerProcess(options.jar(), options.catalog(), work.resolve("data"), settings)
              .start()) {
        var client = Client.withToken(server.baseUrl(), "admin", ServerProcess.ADMIN_PASSWORD);
        var scenarios = new Scenarios(server, client, work, rows);
        // First: its first open of the run page is the first page the server renders for it.
        if (options.wants("tail")) {
          new TailScenario(server.baseUrl(), client, rows, options.opens()).run();
        }
        if (options.wants("signin")) {
          new SignInScenario(server.baseUrl(), ServerProcess.ADMIN_PASSWORD, client, rows).run();
        }
        if (options.wants("start")) {
          scenarios.start();
        }
        if (options.wants("latency")) {
          scenarios.warmUpLiveDelivery();
          for (int viewers : options.viewers()) {
            scenarios.settle();
            scenarios.lineLatency(viewers);
          }
        }
        if (options.wants("capture") || options.wants("replay")) {
          scenarios.settle();
          scenarios.captureAndReplay(options.floodMegabytes());
        }
        if (options.wants("memory")) {
          scenarios.settle();
          // The big job first: its baseline once counted what Tomcat kept of 10,000 closed
          // connections.
          scenarios.heapDuringBigJob(options.heapMegabytes());
          scenarios.idleViewerMemory(10_000);
        }
        if (options.wants("history")) {
          scenarios.settle();
          scenarios.history(options.historyRuns());
        }
      }
    } finally {
      if (options.keep()) {
        System.out.println("The server's data directory and log are kept in " + work);
      } else {
        deleteTree(work); // two gigabytes of logs after a full run
      }
    }
    String table = table(rows);
    System.out.println(table);
    if (options.out() != null) {
      Files.writeString(
          options.out(), "Measured " + LocalDateTime.now().withNano(0) + "\n\n" + table);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  static String table(List<Row> rows) {
    var text = new StringBuilder("| figure | measured | baseline | ratio | target | verdict |\n");
    text.append("|---|---|---|---|---|---|\n");
    for (Row row : rows) {
      text.append("| ")
          .append(row.figure())
          .append(" | ")
          .append(row.measured())
          .append(" | ")
          .append(row.baseline())
          .append(" | ")
          .append(row.ratio())
          .append(" | ")
          .append(row.target())
          .append(" | ")
          .append(row.verdict())
          .append(" |\n");
    }
    return text.toString();
  }

  record Options(
      Path jar,
      Path catalog,
      Set<String> only,
      List<Integer> viewers,
      int floodMegabytes,
      int heapMegabytes,
      int historyRuns,
      int opens,
      List<String> jvm,
      Path out,
      boolean keep) {

    boolean wants(String scenario) {
      return only.isEmpty() || only.contains(scenario);
    }

    static Options parse(String[] args) throws Exception {
      var values =
          Arrays.stream(args)
              .filter(a -> a.startsWith("--") && a.contains("="))
              .collect(
                  Collectors.toMap(
                      a -> a.substring(2, a.indexOf('=')), a -> a.substring(a.indexOf('=') + 1)));
      Path jar = values.containsKey("jar") ? Path.of(values.get("jar")) : findJar();
      return new Options(
          jar,
          Path.of(values.getOrDefault("catalog", "src/test/resources/bench/catalog.yml"))
              .toAbsolutePath(),
          values.containsKey("only") ? Set.of(values.get("only").split(",")) : Set.of(),
          Arrays.stream(values.getOrDefault("viewers", "1,1000,10000").split(","))
              .map(Integer::parseInt)
              .toList(),
          Integer.parseInt(values.getOrDefault("flood-mb", "100")),
          Integer.parseInt(values.getOrDefault("heap-mb", "1000")),
          Integer.parseInt(values.getOrDefault("runs", "100000")),
          Integer.parseInt(values.getOrDefault("opens", "7")),
          values.containsKey("jvm") ? List.of(values.get("jvm").split(" ")) : List.of(),
          values.containsKey("out") ? Path.of(values.get("out")) : null,
          Arrays.asList(args).contains("--keep"));
    }

    private static Path findJar() throws Exception {
      try (var files = Files.list(Path.of("target"))) {
        return files
            .filter(p -> p.getFileName().toString().matches("pushbutton-.*\\.jar"))
            .findFirst()
            .orElseThrow(
                () -> new IllegalStateException("build the jar first: ./mvnw -DskipTests package"))
            .toAbsolutePath();
      }
    }
  }
}
