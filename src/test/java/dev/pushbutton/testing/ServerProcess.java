package dev.pushbutton.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;

/**
 * The packaged jar as a separate server process, as users run it: so a test can kill it with
 * SIGKILL and start it again on the same data directory.
 */
public final class ServerProcess implements AutoCloseable {
  private final Path dataDir;
  private final int port;
  private final List<String> jvmOptions;
  private Process process;

  public ServerProcess(Path dataDir, List<String> jvmOptions) {
    this.dataDir = dataDir;
    this.jvmOptions = jvmOptions;
    try (ServerSocket socket = new ServerSocket(0)) {
      this.port = socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Api api() {
    return new Api("http://127.0.0.1:" + port);
  }

  public ServerProcess start() {
    String jar = System.getProperty("pushbutton.jar");
    if (jar == null) {
      throw new IllegalStateException(
          "run integration tests through Maven (failsafe sets pushbutton.jar)");
    }
    var command = new ArrayList<String>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(
        List.of(
            "-jar",
            jar,
            "--server.port=" + port,
            "--pushbutton.data-dir=" + dataDir,
            "--pushbutton.catalog="
                + Path.of("src/test/resources/catalog/test.yml").toAbsolutePath()));
    try {
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(
                  ProcessBuilder.Redirect.appendTo(dataDir.resolve("server.log").toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    HttpClient client = HttpClient.newHttpClient();
    Awaitility.await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptions()
        .until(() -> {
          if (!process.isAlive()) {
            throw new AssertionError("the server exited; see " + dataDir.resolve("server.log"));
          }
          HttpRequest ping =
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/jobs")).build();
          return client.send(ping, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        });
    return this;
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
