package dev.pushbutton.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The real application on a random port, with the test catalog and a fresh data directory: tests
 * talk to it over real HTTP and watch real processes.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class ServerTest {
  private static final Path DATA_DIR = temporaryDirectory();

  @LocalServerPort protected int port;
  protected Api api;

  @DynamicPropertySource
  static void settings(DynamicPropertyRegistry registry) {
    registry.add("pushbutton.data-dir", DATA_DIR::toString);
    registry.add("pushbutton.heartbeat", () -> "300ms");
    registry.add(
        "pushbutton.catalog",
        () -> Path.of("src/test/resources/catalog/test.yml").toAbsolutePath().toString());
  }

  @BeforeEach
  void connect() {
    api = new Api("http://127.0.0.1:" + port);
  }

  /** Waiting for a condition, never a bare sleep. */
  protected static ConditionFactory eventually() {
    return Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20));
  }

  protected void awaitState(String runId, String state) {
    eventually().until(() -> api.state(runId).equals(state));
  }

  private static Path temporaryDirectory() {
    try {
      return Files.createTempDirectory("pushbutton-test");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
