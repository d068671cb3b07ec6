package dev.pushbutton.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The packaged Pushbutton jar started for a benchmark, on a free port and a fresh data directory.
 */
final class BenchServer implements AutoCloseable {
  private final Path jar;
  private final Path catalog;
  private final Path dataDir;
  private final int port;
  private Process process;

  BenchServer(Path jar, Path catalog, Path dataDir) throws IOException {
    this.jar = jar;
    this.catalog = catalog;
    this.dataDir = dataDir;
    try (ServerSocket socket = new ServerSocket(0)) {
      this.port = socket.getLocalPort();
    }
  }

  int port() {
    return port;
  }

  Path dataDir() {
    return dataDir;
  }

  long pid() {
    return process.pid();
  }

  BenchServer start(List<String> jvmOptions) throws IOException, InterruptedException {
    var command = new ArrayList<String>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(
        List.of(
            "-jar",
            jar.toString(),
            "--server.port=" + port,
            "--pushbutton.data-dir=" + dataDir,
            "--pushbutton.catalog=" + catalog,
            "--logging.level.root=WARN"));
    Files.createDirectories(dataDir);
    process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(
                ProcessBuilder.Redirect.appendTo(dataDir.resolve("server.log").toFile()))
            .start();
    HttpClient client = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the server exited; see " + dataDir.resolve("server.log"));
      }
      try {
        var ping =
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/jobs")).build();
        if (client.send(ping, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return this;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("the server did not start within two minutes");
  }

  /** Resident memory of the server process, in bytes (Linux /proc). */
  long rssBytes() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    throw new IOException("no VmRSS for " + pid());
  }

  void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      process.waitFor();
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
