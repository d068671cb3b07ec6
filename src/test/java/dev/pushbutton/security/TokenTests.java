package dev.pushbutton.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushbutton.testing.Api;
import dev.pushbutton.testing.ServerTest;
import dev.pushbutton.testing.SseClient;
import dev.pushbutton.testing.WebSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

/** Personal API tokens: made, used, listed, revoked, and never stored as they are. */
class TokenTests extends ServerTest {
  @Value("${pushbutton.data-dir}")
  Path dataDir;

  @Test
  void aTokenActsForItsOwnerUntilRevoked() {
    var person = newUser("operator", "ops");
    Api.Response made = person.api().post("/api/tokens", Map.of("name", "ci", "expiresInDays", 30));
    assertThat(made.status()).isEqualTo(201);
    Map<String, Object> issued = made.json();
    assertThat(issued).containsKeys("id", "name", "token", "createdAt", "expiresAt");
    String token = (String) issued.get("token");
    assertThat(token).startsWith("pb_").hasSizeGreaterThan(40);
    assertThat(
            Duration.between(
                Instant.parse((String) issued.get("createdAt")),
                Instant.parse((String) issued.get("expiresAt"))))
        .isEqualTo(Duration.ofDays(30));

    Api script = api.anonymous().withToken(token);
    assertThat(script.get("/api/me").json()).containsEntry("username", person.username());
    String runId = script.start("ops-report", Map.of());
    assertThat(api.run(runId)).containsEntry("startedBy", person.username());
    awaitState(runId, "succeeded");
    assertThat(new String(script.log(runId), java.nio.charset.StandardCharsets.UTF_8))
        .as("the log, streamed in an async dispatch that must find the token's owner too")
        .isEqualTo("report for ops\n");

    List<Map<String, Object>> listed = person.api().get("/api/tokens").jsonList();
    assertThat(listed).hasSize(1);
    assertThat(listed.getFirst())
        .containsEntry("name", "ci")
        .containsKey("lastUsedAt")
        .doesNotContainKey("token");
    assertThat(listed.getFirst().get("lastUsedAt")).isNotNull();
    assertThat(person.api().get("/api/tokens").body()).doesNotContain(token);

    assertThat(api.get("/api/tokens").jsonList())
        .as("each sees only their own")
        .extracting(t -> t.get("id"))
        .doesNotContain(issued.get("id"));
    assertThat(api.delete("/api/tokens/" + issued.get("id")).status()).isEqualTo(404);
    assertThat(person.api().delete("/api/tokens/" + issued.get("id")).status()).isEqualTo(204);
    Api.Response after = script.get("/api/me");
    assertThat(after.status()).isEqualTo(401);
    assertThat(after.header("WWW-Authenticate")).contains("Bearer");
    assertThat(after.json()).containsKey("error");
  }

  @Test
  void aTokenFollowsItsOwnersCurrentRoleAndDiesWithThem() {
    var person = newUser("operator", "ops");
    String token =
        (String) person.api().post("/api/tokens", Map.of("name", "deploys")).json().get("token");
    Api script = api.anonymous().withToken(token);
    assertThat(script.post("/api/jobs/ops-report/runs", Map.of()).status()).isEqualTo(201);

    api.put("/api/users/" + person.username(), Map.of("role", "viewer"));
    assertThat(script.post("/api/jobs/ops-report/runs", Map.of()).status()).isEqualTo(403);
    api.put("/api/users/" + person.username(), Map.of("groups", List.of()));
    assertThat(script.get("/api/jobs/ops-report").status()).isEqualTo(404);

    api.delete("/api/users/" + person.username());
    assertThat(script.get("/api/me").status()).isEqualTo(401);
  }

  @Test
  void aRevokedTokensStreamIsCutOff() throws Exception {
    var person = newUser("viewer");
    Map<String, Object> issued = person.api().post("/api/tokens", Map.of("name", "watcher")).json();
    String runId = api.start("sleeper", Map.of());
    try (SseClient viewer =
        api.anonymous()
            .withToken((String) issued.get("token"))
            .events("/api/runs/" + runId + "/events")) {
      eventually().until(() -> !viewer.outputs().isEmpty());
      person.api().delete("/api/tokens/" + issued.get("id"));
      viewer.awaitEnd(Duration.ofSeconds(20));
      assertThat(viewer.ended()).isTrue();
    } finally {
      api.post("/api/runs/" + runId + "/kill", Map.of());
    }
  }

  @Test
  void badTokenRequestsAreRefusedNamingTheField() {
    UserApiTests.assertRefused(api.post("/api/tokens", Map.of()), 400, "name");
    UserApiTests.assertRefused(
        api.post("/api/tokens", Map.of("name", "x", "expiresInDays", 0)), 400, "expiresInDays");
    UserApiTests.assertRefused(
        api.post("/api/tokens", Map.of("name", "x", "expiresInDays", 1.5)), 400, "expiresInDays");
    UserApiTests.assertRefused(
        api.post("/api/tokens", Map.of("name", "x", "expiresInDays", "soon")),
        400,
        "expiresInDays");
    UserApiTests.assertRefused(
        api.post("/api/tokens", Map.of("name", "x", "scope", "all")), 400, "scope");
    assertThat(api.anonymous().withToken("pb_not-a-real-token").get("/api/jobs").status())
        .isEqualTo(401);
    assertThat(api.anonymous().withToken("garbage").get("/api/jobs").status()).isEqualTo(401);
  }

  @Test
  void theTokensPageShowsANewTokenOnceAndRevokesIt() {
    var person = newUser("operator");
    WebSession web = WebSession.signIn(api.base(), person.username(), PASSWORD);
    var made = web.post("/account/tokens", Map.of("name", "laptop", "expiresInDays", "7"));
    assertThat(made.statusCode()).isEqualTo(200);
    String token =
        made.body().replaceAll("(?s).*id=\"new-token\"[^>]*>(pb_[A-Za-z0-9_-]+)<.*", "$1");
    assertThat(token).startsWith("pb_");
    assertThat(api.anonymous().withToken(token).get("/api/me").json())
        .containsEntry("username", person.username());

    String list = web.get("/account/tokens").body();
    assertThat(list).contains("laptop").doesNotContain(token);
    String id = (String) person.api().get("/api/tokens").jsonList().getFirst().get("id");
    assertThat(web.post("/account/tokens/" + id + "/revoke", Map.of()).statusCode()).isEqualTo(302);
    assertThat(api.anonymous().withToken(token).get("/api/me").status()).isEqualTo(401);
  }

  @Test
  void neitherTokensNorPasswordsAreStoredAsTheyAre() throws IOException {
    var person = newUser("operator");
    String token =
        (String) person.api().post("/api/tokens", Map.of("name", "search me")).json().get("token");
    assertThat(person.api().withToken(token).get("/api/me").status()).isEqualTo(200);
    for (String secret : List.of(token, PASSWORD, ADMIN_PASSWORD)) {
      assertThat(filesHolding(secret)).as("files holding a secret").isEmpty();
    }
  }

  private List<Path> filesHolding(String secret) throws IOException {
    byte[] needle = secret.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    try (Stream<Path> files = Files.walk(dataDir)) {
      return files.filter(Files::isRegularFile).filter(file -> contains(file, needle)).toList();
    }
  }

  private static boolean contains(Path file, byte[] needle) {
    try {
      byte[] bytes = Files.readAllBytes(file);
      outer:
      for (int i = 0; i + needle.length <= bytes.length; i++) {
        for (int j = 0; j < needle.length; j++) {
          if (bytes[i + j] != needle[j]) {
            continue outer;
          }
        }
        return true;
      }
      return false;
    } catch (IOException e) {
      return false; // gone meanwhile
    }
  }
}
