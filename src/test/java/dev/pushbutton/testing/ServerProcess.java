package dev.pushbutton.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * The packaged jar as a separate server process, as users run it: so a test can kill it with
 * SIGKILL and start it again on the same data directory, and the benchmark can measure it from
 * outside.
 */
public final class ServerProcess implements AutoCloseable {
  /** The first admin's password, given to every server this starts. */
  public static final String ADMIN_PASSWORD = ServerTest.ADMIN_PASSWORD;

  private static final Path TEST_CATALOG = Path.of("src/test/resources/catalog/test.yml");

  private final Path jar;
  private final Path catalog;
  private final Path dataDir;
  private final int port;
  private final List<String> options;
  private final Map<String, String> environment = new LinkedHashMap<>();
  private Process process;

  /**
   * @param options JVM options first, then any {@code --name=value} settings of Pushbutton's own
   */
  public ServerProcess(Path jar, Path catalog, Path dataDir, List<String> options) {
    this.jar = jar;
    this.catalog = catalog.toAbsolutePath();
    this.dataDir = dataDir;
    this.options = options;
    try (ServerSocket socket = new ServerSocket(0)) {
      this.port = socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The jar Maven just built, with the test catalog: for integration tests run by failsafe. */
  public ServerProcess(Path dataDir, List<String> jvmOptions) {
    this(builtJar(), TEST_CATALOG, dataDir, jvmOptions);
  }

  /** The jar Maven just built (failsafe says where). */
  public static Path builtJar() {
    String jar = System.getProperty("pushbutton.jar");
    if (jar == null) {
      throw new IllegalStateException(
          "run integration tests through Maven (failsafe sets pushbutton.jar)");
    }
    return Path.of(jar);
  }

  /** The API, signed in as the first admin. */
  public Api api() {
    return Api.basic(baseUrl(), "admin", ADMIN_PASSWORD);
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  public Path dataDir() {
    return dataDir;
  }

  /**
   * What the server printed (its console: standard output and error), kept beside the data
   * directory rather than in it, as an operator's terminal or journal would be.
   */
  public Path console() {
    return dataDir.resolveSibling(dataDir.getFileName() + "-console.log");
  }

  public long pid() {
    return process.pid();
  }

  /** Variables added to the environment the server is started with (this test's own, else). */
  public ServerProcess withEnvironment(Map<String, String> variables) {
    environment.putAll(variables);
    return this;
  }

  private ProcessBuilder builder() {
    var builder = new ProcessBuilder(command());
    builder.environment().putAll(environment);
    return builder;
  }

  /** Starts the server process and returns at once, before it listens. */
  public ServerProcess launch() {
    try {
      Files.createDirectories(dataDir);
      process =
          builder()
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(console().toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /**
   * Waits, knocking every few milliseconds, until the port takes a connection: the first moment a
   * client could send anything.
   */
  public ServerProcess awaitPortOpen(Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("the server exited; see " + console());
      }
      try (var socket = new java.net.Socket("127.0.0.1", port)) {
        return this;
      } catch (IOException notYet) {
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
    }
    throw new AssertionError("the port did not open within " + limit + "; see " + console());
  }

  public ServerProcess start() {
    launch();
    HttpClient client = HttpClient.newHttpClient();
    Awaitility.await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptions()
        .until(() -> {
          if (!process.isAlive()) {
            throw new AssertionError("the server exited; see " + console());
          }
          HttpRequest ping =
              HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health")).build();
          return client.send(ping, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        });
    return this;
  }

  /** How a server that stopped by itself ended: its exit code, how long it ran, what it printed. */
  public record Ended(int exitCode, Duration ranFor, String console) {}

  /**
   * Starts the server expecting it to stop by itself (on bad ground, say), and waits for that. The
   * data directory is left as the test made it, and the console is kept in memory, not beside the
   * data directory, which may be where nothing can be written.
   *
   * @throws AssertionError when the server is still running after {@code limit} (it is killed)
   */
  public Ended startAndAwaitExit(Duration limit) throws IOException, InterruptedException {
    Path output = Files.createTempFile("pushbutton-console", ".log");
    try {
      long started = System.nanoTime();
      process = builder().redirectErrorStream(true).redirectOutput(output.toFile()).start();
      boolean ended = process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
      Duration ranFor = Duration.ofNanos(System.nanoTime() - started);
      if (!ended) {
        killHard();
        throw new AssertionError(
            "the server still runs after " + limit + ":\n" + Files.readString(output));
      }
      return new Ended(process.exitValue(), ranFor, Files.readString(output));
    } finally {
      Files.delete(output);
    }
  }

  private List<String> command() {
    var command = new ArrayList<String>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    options.stream().filter(o -> !o.startsWith("--")).forEach(command::add);
    command.addAll(
        List.of(
            "-jar",
            jar.toString(),
            "--server.port=" + port,
            "--pushbutton.data-dir=" + dataDir,
            "--pushbutton.catalog=" + catalog));
    if (options.stream().noneMatch(o -> o.startsWith("--pushbutton.admin.password="))) {
      command.add("--pushbutton.admin.password=" + ADMIN_PASSWORD);
    }
    options.stream().filter(o -> o.startsWith("--")).forEach(command::add);
    return command;
  }

  /** Resident memory of the server process, in bytes (Linux /proc). */
  public long rssBytes() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    throw new IOException("no VmRSS for process " + pid());
  }

  /** SIGTERM, as a service manager or Ctrl+C stops it; returns how long it took to exit. */
  public Duration stopGracefully(Duration limit) throws InterruptedException {
    long asked = System.nanoTime();
    process.destroy();
    if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
      killHard();
      throw new AssertionError(
          "the server still ran " + limit + " after SIGTERM; see " + console());
    }
    return Duration.ofNanos(System.nanoTime() - asked);
  }

  /** SIGKILL: the server gets no chance to clean up, as in a crash or an OOM kill. */
  public void killHard() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      process.waitFor();
    }
  }
}
