package dev.pushbutton.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pushbutton.testing.ServerProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad ground at start-up, met as users meet it: the packaged jar started on a data directory it
 * cannot create or write, a catalog it cannot read, a port already taken. Each time the server
 * stops at once, non-zero, with one sentence naming the path or the port and the reason, and no
 * stack trace.
 */
class StartupFaultsIT {
  private static final Duration AT_ONCE = Duration.ofSeconds(30);
  private static final List<String> SMALL_HEAP = List.of("-Xmx256m");
  private static final Path TEST_CATALOG = Path.of("src/test/resources/catalog/test.yml");

  @TempDir Path work;
  private final List<Path> mounts = new ArrayList<>();

  @AfterEach
  void unmount() throws Exception {
    for (Path mount : mounts.reversed()) {
      Command umount = Command.run("umount", mount.toString());
      assertThat(umount.exitCode()).as("umount %s: %s", mount, umount.output()).isZero();
    }
  }

  @Test
  void aDataDirectoryOnAReadOnlyFileSystemStopsTheStart() throws Exception {
    Path dataDir = readOnlyMount(work.resolve("data"));

    assertStopsSaying(
        new ServerProcess(dataDir, SMALL_HEAP),
        "the data directory " + dataDir + " is not writable (read-only file system).");
  }

  @Test
  void aRunOutputDirectoryOnAReadOnlyFileSystemStopsTheStart() throws Exception {
    Path dataDir = work.resolve("data");
    Path runs = readOnlyMount(dataDir.resolve("runs"));

    assertStopsSaying(
        new ServerProcess(dataDir, SMALL_HEAP),
        "the run output directory " + runs + " is not writable (read-only file system).");
  }

  @Test
  void aDataDirectoryUnderARegularFileCannotBeCreated() throws Exception {
    Path file = Files.writeString(work.resolve("a-file"), "not a directory\n");
    Path dataDir = file.resolve("data");

    assertStopsSaying(
        new ServerProcess(dataDir, SMALL_HEAP),
        "the data directory " + dataDir + " cannot be created (not a directory: " + file + ").");
  }

  @Test
  void aCatalogThatDoesNotExistStopsTheStart() throws Exception {
    Path catalog = work.resolve("no-such-catalog.yml");

    assertStopsSaying(
        withCatalog(catalog), "the catalog " + catalog + " cannot be read (no such file).");
  }

  @Test
  void aCatalogThatIsADirectoryStopsTheStart() throws Exception {
    Path catalog = Files.createDirectory(work.resolve("catalog.yml"));

    assertStopsSaying(
        withCatalog(catalog), "the catalog " + catalog + " cannot be read (it is a directory).");
  }

  @Test
  void aMalformedCatalogStopsTheStartWithItsLine() throws Exception {
    Path catalog =
        Files.writeString(
            work.resolve("catalog.yml"),
            "jobs:\n  - id: hello\n    command: [echo, hi\n",
            StandardCharsets.UTF_8);

    assertStopsSaying(
        withCatalog(catalog), "invalid catalog " + catalog + ", line 4: not valid YAML:");
  }

  // Linux lets no second socket listen on a port once one listens on the wildcard address, nor the
  // wildcard once one listens on 127.0.0.1; so each address is taken in a start of its own.
  @ParameterizedTest(name = "taken on {0}")
  @ValueSource(strings = {"127.0.0.1", "0.0.0.0"})
  void aPortAlreadyTakenStopsTheStart(String address) throws Exception {
    ServerProcess server = new ServerProcess(work.resolve("data"), SMALL_HEAP);
    try (ServerSocket other = new ServerSocket()) {
      other.bind(new InetSocketAddress(InetAddress.getByName(address), server.port()));

      assertStopsSaying(
          server,
          "port "
              + server.port()
              + " is already in use (set server.port or stop the other program).");
    }
  }

  private ServerProcess withCatalog(Path catalog) {
    return new ServerProcess(ServerProcess.builtJar(), catalog, work.resolve("data"), SMALL_HEAP);
  }

  private static void assertStopsSaying(ServerProcess server, String problem) throws Exception {
    ServerProcess.Ended ended = server.startAndAwaitExit(AT_ONCE);
    String console = ended.console();
    assertThat(ended.exitCode()).as("exit code; console:%n%s", console).isNotZero();
    assertThat(ended.ranFor()).as("ran for").isLessThan(AT_ONCE);
    assertThat(console).contains("Pushbutton cannot start: " + problem);
    assertThat(console.lines())
        .as("no stack trace on the console:%n%s", console)
        .noneMatch(line -> line.startsWith("\tat "))
        .noneMatch(line -> line.contains("Caused by:"));
  }

  /**
   * A tmpfs mounted read-only at {@code dir}, which only root can do. Without root the test skips,
   * except in CI, where a skipped check would pass for a kept promise.
   */
  private Path readOnlyMount(Path dir) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Command mount;
    try {
      mount = Command.run("mount", "-t", "tmpfs", "-o", "size=4m,ro", "tmpfs", dir.toString());
    } catch (IOException e) {
      mount = new Command(-1, e.toString());
    }
    if (mount.exitCode() != 0) {
      String why = "cannot mount a read-only file system at " + dir + ": " + mount.output();
      if ("true".equals(System.getenv("CI"))) {
        fail(why + " (CI runs this test as root; it must not be skipped there)");
      }
      assumeTrue(false, why + " (run as root to include this test)");
    }
    mounts.add(dir);
    return dir;
  }

  private record Command(int exitCode, String output) {
    static Command run(String... command) throws IOException, InterruptedException {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return new Command(process.waitFor(), output.strip());
    }
  }
}
