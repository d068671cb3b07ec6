package dev.pushbutton.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
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
  /** The password of {@code admin}, the user a fresh server makes. */
  public static final String ADMIN_PASSWORD = "admin-password-for-tests";

  /** The password of every user {@link #newUser} makes. */
  protected static final String PASSWORD = "a-password-for-tests";

  private static final AtomicInteger USERS = new AtomicInteger();

  @LocalServerPort protected int port;

  /** The API, signed in as {@code admin} with HTTP Basic. */
  protected Api api;

  /**
   * Set by a class's {@code @BeforeAll} to put the next server's data directory somewhere special
   * (a small disk); read when that class's server starts. A subclass's own registration of the
   * setting would not win over this class's.
   */
  protected static volatile Path dataDirElsewhere;

  @DynamicPropertySource
  static void settings(DynamicPropertyRegistry registry) {
    // A data directory per application context: two servers on one would each take the other's
    // runs for their own when they start.
    Path dataDir = temporaryDirectory();
    registry.add(
        "pushbutton.data-dir",
        () -> dataDirElsewhere != null ? dataDirElsewhere.toString() : dataDir.toString());
    registry.add("pushbutton.heartbeat", () -> "300ms");
    // The OpenID provider some tests start is on the test classpath; Pushbutton is not one.
    registry.add(
        "spring.autoconfigure.exclude",
        () ->
            "org.springframework.boot.security.oauth2.server.authorization.autoconfigure.servlet"
                + ".OAuth2AuthorizationServerAutoConfiguration,"
                + "org.springframework.boot.security.oauth2.server.authorization.autoconfigure.servlet"
                + ".OAuth2AuthorizationServerJwtAutoConfiguration");
    registry.add("pushbutton.admin.password", () -> ADMIN_PASSWORD);
    // Streams ask every second whether their viewer may still watch, so tests need not wait long.
    registry.add("pushbutton.security.recheck", () -> "1s");
    registry.add(
        "pushbutton.catalog",
        () -> Path.of("src/test/resources/catalog/test.yml").toAbsolutePath().toString());
  }

  @BeforeEach
  void connect() {
    api = Api.basic("http://127.0.0.1:" + port, "admin", ADMIN_PASSWORD);
  }

  /** A user someone made with the API, and the API signed in as them. */
  protected record Person(String username, Api api) {}

  /** Makes a new user with this role and these groups (through the API, as an admin would). */
  protected Person newUser(String role, String... groups) {
    String username = role + "-" + USERS.incrementAndGet() + "-" + ProcessHandle.current().pid();
    var made =
        api.post(
            "/api/users",
            Map.of(
                "username",
                username,
                "password",
                PASSWORD,
                "role",
                role,
                "groups",
                List.of(groups)));
    if (made.status() != 201) {
      throw new AssertionError(
          "making user " + username + ": " + made.status() + " " + made.body());
    }
    return new Person(username, api.as(username, PASSWORD));
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
