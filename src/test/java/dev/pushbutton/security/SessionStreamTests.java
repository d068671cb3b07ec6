package dev.pushbutton.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushbutton.testing.ServerTest;
import dev.pushbutton.testing.SseClient;
import dev.pushbutton.testing.WebSession;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A session that ends ends its streams: signing out, an admin's password reset, a role or group
 * change and deleting the user each end every event stream the session opened, within {@code
 * pushbutton.security.recheck} (1 s in these tests).
 */
class SessionStreamTests extends ServerTest {
  /** The recheck, and room for a busy machine to notice. */
  private static final Duration WITHIN = Duration.ofMillis(1000 + 1500);

  private String runId;

  @BeforeEach
  void aRunToWatch() {
    runId = api.start("sleeper", Map.of());
    awaitState(runId, "running");
  }

  @AfterEach
  void stopIt() {
    api.post("/api/runs/" + runId + "/kill", Map.of());
  }

  @Test
  void signingOutEndsTheSessionsStreams() throws Exception {
    endsItsStreams(
        "operator",
        (person, session) -> {
          var out = session.post("/logout", Map.of());
          assertThat(out.statusCode()).isEqualTo(302);
        });
  }

  @Test
  void anAdminsPasswordResetEndsTheSessionsStreams() throws Exception {
    endsItsStreams(
        "operator",
        (person, session) ->
            assertThat(
                    api.put(
                            "/api/users/" + person.username(),
                            Map.of("password", "another-password-for-tests"))
                        .status())
                .isEqualTo(200));
  }

  @Test
  void aRoleChangeEndsTheSessionsStreams() throws Exception {
    endsItsStreams(
        "operator",
        (person, session) ->
            assertThat(
                    api.put("/api/users/" + person.username(), Map.of("role", "viewer")).status())
                .isEqualTo(200));
  }

  @Test
  void aGroupChangeEndsTheSessionsStreams() throws Exception {
    endsItsStreams(
        "operator",
        (person, session) ->
            assertThat(
                    api.put("/api/users/" + person.username(), Map.of("groups", List.of("night")))
                        .status())
                .isEqualTo(200));
  }

  @Test
  void deletingTheUserEndsTheSessionsStreams() throws Exception {
    endsItsStreams(
        "operator",
        (person, session) ->
            assertThat(api.delete("/api/users/" + person.username()).status()).isEqualTo(204));
  }

  @Test
  void aStreamWhoseSessionGoesOnIsNotEnded() throws Exception {
    Person person = newUser("operator");
    WebSession session = WebSession.signIn(api.base(), person.username(), PASSWORD);
    try (SseClient run = stream(session, "/api/runs/" + runId + "/events");
        SseClient changes = stream(session, "/api/events")) {
      Thread.sleep(WITHIN.toMillis() + 500); // several rechecks
      assertThat(run.ended()).isFalse();
      assertThat(changes.ended()).isFalse();
      // another user's change of rights is not this session's
      newUser("viewer");
      Thread.sleep(WITHIN.toMillis());
      assertThat(run.ended()).isFalse();
      assertThat(changes.ended()).isFalse();
    }
  }

  private interface Change {
    void make(Person person, WebSession session) throws Exception;
  }

  private void endsItsStreams(String role, Change change) throws Exception {
    Person person = newUser(role);
    WebSession session = WebSession.signIn(api.base(), person.username(), PASSWORD);
    try (SseClient run = stream(session, "/api/runs/" + runId + "/events");
        SseClient changes = stream(session, "/api/events")) {
      eventually().until(() -> !run.outputs().isEmpty());
      assertThat(run.ended()).isFalse();
      assertThat(changes.ended()).isFalse();

      long made = System.nanoTime();
      change.make(person, session);
      awaitEnded(run, made);
      awaitEnded(changes, made);
    }
  }

  private static void awaitEnded(SseClient stream, long since) throws InterruptedException {
    stream.awaitEnd(WITHIN.plusSeconds(5));
    long tookMs = (System.nanoTime() - since) / 1_000_000;
    System.out.printf("stream ended %d ms after the change%n", tookMs);
    assertThat(stream.ended()).isTrue();
    assertThat(Duration.ofMillis(tookMs)).isLessThan(WITHIN);
  }

  private static SseClient stream(WebSession session, String path) {
    return SseClient.connect(
        URI.create(session.base() + path),
        Map.of("Cookie", "SESSION=" + session.sessionId().orElseThrow()));
  }
}
