package dev.pushbutton.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushbutton.testing.ServerTest;
import dev.pushbutton.testing.WebSession;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.sql.DataSource;
import oidcprovider.TestProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * Signing in through a real OpenID provider, over real HTTP: {@link TestProvider} (Spring
 * Authorization Server, started before Pushbutton, which asks it for its configuration at start-up)
 * and Pushbutton, with the test as the browser, following every redirect by hand. Pushbutton
 * exchanges the code with the provider itself; the test never sees a token but the provider's
 * record of what it issued.
 *
 * <p>The provider's people: {@code alice} in {@code pb-admins} (an admin here), {@code bob} in
 * {@code ops} (an operator), {@code carol} in {@code support} (a viewer), {@code dave}, whose
 * groups the tests change, and {@code mallory}, whose {@code preferred_username} is {@code admin}.
 */
class OidcSignInTests extends ServerTest {
  private static final String REGISTRATION = "sso";
  private static final String CLIENT_NAME = "Test SSO";
  private static final String PAGE = "text/html,application/xhtml+xml,*/*;q=0.8";
  private static final JsonMapper JSON = JsonMapper.builder().build();
  // The provider's own sign-in form (Spring Security's generated page).
  private static final Pattern FORM_TOKEN =
      Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

  private static TestProvider provider;

  @Autowired private DataSource database;

  @Value("${pushbutton.data-dir}")
  private Path dataDir;

  @DynamicPropertySource
  static void openIdProvider(DynamicPropertyRegistry registry) {
    String issuer = provider().issuer();
    String registration = "spring.security.oauth2.client.registration." + REGISTRATION + ".";
    registry.add(registration + "client-id", () -> TestProvider.CLIENT_ID);
    registry.add(registration + "client-secret", () -> TestProvider.CLIENT_SECRET);
    registry.add(registration + "client-name", () -> CLIENT_NAME);
    registry.add(registration + "scope", () -> "openid,profile");
    registry.add(
        "spring.security.oauth2.client.provider." + REGISTRATION + ".issuer-uri", () -> issuer);
    registry.add("pushbutton.security.oidc.admin-groups", () -> "pb-admins");
    registry.add("pushbutton.security.oidc.operator-groups", () -> "ops");
  }

  /** Started once, before Pushbutton: Pushbutton reads the issuer's configuration as it starts. */
  private static synchronized TestProvider provider() {
    if (provider == null) {
      provider = TestProvider.start(REGISTRATION);
    }
    return provider;
  }

  @AfterAll
  static void stopProvider() {
    if (provider != null) {
      provider.close();
      provider = null;
    }
  }

  @Test
  void theSignInPageHasAButtonForTheProvider() {
    HttpResponse<String> page = WebSession.anonymous(api.base()).get("/login");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .containsPattern(
            "<a [^>]*href=\"/oauth2/authorization/"
                + REGISTRATION
                + "\"[^>]*>Sign in with "
                + CLIENT_NAME
                + "</a>");
  }

  @Test
  void someoneSignsInAtTheProviderAndLandsOnThePageTheyAskedFor() {
    WebSession browser = WebSession.anonymous(api.base());
    HttpResponse<String> asked = browser.get("/runs");
    assertThat(redirect(asked).getPath()).isEqualTo("/login");

    URI landing = redirect(signInAtProvider(browser, "alice"));

    assertThat(landing.getPath()).isEqualTo("/runs");
    assertThat(get(browser, landing).statusCode()).isEqualTo(200);
    assertThat(me(browser))
        .containsEntry("username", "alice")
        .containsEntry("displayName", "Alice Admin")
        .containsEntry("role", "admin")
        .containsEntry("groups", List.of("pb-admins"));
    assertThat(browser.get("/").statusCode()).isEqualTo(200);
    assertThat(browser.get("/users").statusCode()).as("an admin's page").isEqualTo(200);
    assertThat(user("alice"))
        .containsEntry("provider", REGISTRATION)
        .containsEntry("role", "admin")
        .containsEntry("groups", List.of("pb-admins"));
  }

  @Test
  void anOperatorByTheirGroupsRunsTheirGroupsJobFromTheirBrowser() {
    WebSession bob = signedIn("bob");
    assertThat(me(bob)).containsEntry("role", "operator").containsEntry("groups", List.of("ops"));
    String token = WebSession.token(bob.get("/jobs/ops-report").body());

    HttpResponse<String> withoutToken = startRun(bob, "ops-report", null);
    HttpResponse<String> started = startRun(bob, "ops-report", token);

    assertThat(withoutToken.statusCode())
        .as("a session's POST needs the page's token")
        .isEqualTo(403);
    assertThat(started.statusCode()).isEqualTo(201);
    Map<String, Object> run = json(started);
    assertThat(run).containsEntry("startedBy", "bob");
    String runId = (String) run.get("id");
    awaitState(runId, "succeeded");
    assertThat(new String(api.log(runId), StandardCharsets.UTF_8)).contains("report for ops");
  }

  @Test
  void aViewerByTheirGroupsSeesTheirGroupsJobButRunsNothing() {
    WebSession carol = signedIn("carol");
    assertThat(me(carol))
        .containsEntry("role", "viewer")
        .containsEntry("groups", List.of("support"));
    String token = WebSession.token(carol.get("/jobs/ops-deploy").body());

    assertThat(carol.get("/api/jobs/ops-deploy").statusCode()).isEqualTo(200);
    assertThat(startRun(carol, "ops-deploy", token).statusCode()).isEqualTo(403);
    assertThat(startRun(carol, "ops-report", token).statusCode())
        .as("ops-report is not hers to see, so it is not there")
        .isEqualTo(404);
    assertThat(carol.get("/api/jobs/hidden-job").statusCode()).isEqualTo(404);
  }

  @Test
  void groupsAndRoleAreTakenAfreshAtEachSignIn() {
    WebSession first = signedIn("dave");
    assertThat(me(first))
        .containsEntry("role", "viewer")
        .containsEntry("groups", List.of("support"));

    provider.groups("dave", "ops", "auditors");
    WebSession second = signedIn("dave");

    assertThat(me(second))
        .containsEntry("role", "operator")
        .containsEntry("groups", List.of("auditors", "ops"));
    assertThat(second.get("/api/jobs/hidden-job").statusCode()).isEqualTo(200);
    assertThat(me(first))
        .as("a session signed in before is the same user, as stored now")
        .containsEntry("role", "operator");

    provider.groups("dave");
    WebSession third = signedIn("dave");

    assertThat(me(third)).containsEntry("role", "viewer").containsEntry("groups", List.of());
    assertThat(third.get("/api/jobs/hidden-job").statusCode()).isEqualTo(404);
    assertThat(usernames()).containsOnlyOnce("dave");
  }

  @Test
  void aNameThatBelongsToAnotherUserIsRefused() {
    WebSession browser = WebSession.anonymous(api.base());

    URI refused = redirect(signInAtProvider(browser, "mallory"));

    assertThat(refused.getPath()).isEqualTo("/login");
    assertThat(refused.getQuery()).isEqualTo("error");
    assertThat(get(browser, refused).body())
        .contains("The name &#39;admin&#39; belongs to another user here; ask an admin.");
    assertThat(browser.get("/api/me").statusCode()).isEqualTo(401);
    assertThat(redirect(browser.get("/runs")).getPath()).isEqualTo("/login");
    assertThat(user("admin")).containsEntry("provider", "local");
    assertThat(usernames()).containsOnlyOnce("admin").doesNotContain("mallory");
  }

  @Test
  void signInsThroughTheProviderAndItsRefusalsAreInTheAuditTrail() {
    signedIn("carol");
    signInAtProvider(WebSession.anonymous(api.base()), "mallory");

    assertThat(api.get("/api/audit?actor=carol&action=sign-in").jsonList())
        .first()
        .satisfies(entry ->
            assertThat(entry)
                .containsEntry("target", "carol")
                .containsEntry("address", "127.0.0.1")
                .containsEntry("details", Map.of("via", "oidc", "provider", REGISTRATION)));
    assertThat(api.get("/api/audit?actor=pushbutton&action=user.created").jsonList())
        .as("made by the server at her first sign-in, once")
        .filteredOn(entry -> "carol".equals(entry.get("target")))
        .singleElement()
        .satisfies(entry ->
            assertThat(entry.get("details").toString()).contains("provider=" + REGISTRATION));
    assertThat(api.get("/api/audit?action=sign-in.failed&actor=(unknown)").jsonList())
        .first()
        .satisfies(entry -> {
          assertThat(entry).containsEntry("address", "127.0.0.1");
          assertThat(entry.get("details").toString())
              .contains("via=oidc", "provider=" + REGISTRATION, "belongs to another user");
        });
  }

  @Test
  void noTokenFromTheProviderIsKept() throws Exception {
    WebSession carol = signedIn("carol");
    assertThat(me(carol)).containsEntry("username", "carol");
    List<TestProvider.Issued> issued = provider.issuedTokens();
    assertThat(issued).extracting(TestProvider.Issued::kind).contains("access_token", "id_token");

    var kept = new LinkedHashMap<TestProvider.Issued, List<Object>>();
    for (TestProvider.Issued token : issued) {
      var places = new ArrayList<Object>(tablesHolding(token.value()));
      places.addAll(filesHolding(token.value()));
      if (!places.isEmpty()) {
        kept.put(token, places);
      }
    }
    assertThat(kept).as("tokens kept, and where").isEmpty();
  }

  /**
   * The authorization-code flow, as a browser runs it: to the provider, its sign-in form, back to
   * Pushbutton with a code. Answers Pushbutton's answer to that last request, after it exchanged
   * the code with the provider.
   */
  private HttpResponse<String> signInAtProvider(WebSession browser, String username) {
    URI authorize = redirect(browser.get("/oauth2/authorization/" + REGISTRATION));
    assertThat(authorize.toString()).startsWith(provider.issuer() + "/oauth2/authorize?");
    Map<String, String> asked = query(authorize);
    assertThat(asked)
        .containsEntry("response_type", "code")
        .containsEntry("client_id", TestProvider.CLIENT_ID)
        .containsEntry("scope", "openid profile")
        .containsEntry("redirect_uri", browser.base() + "/login/oauth2/code/" + REGISTRATION)
        .containsKeys("state", "nonce");

    // The provider does not know this browser yet: it asks who they are, on its own page.
    URI signInPage = redirect(get(browser, authorize));
    assertThat(signInPage).isEqualTo(URI.create(provider.issuer() + "/login"));
    String token = formToken(get(browser, signInPage).body());
    Map<String, String> fields =
        Map.of("username", username, "password", TestProvider.PASSWORD, "_csrf", token);
    URI resumed = redirect(post(browser, signInPage, fields));
    assertThat(resumed.toString()).startsWith(provider.issuer() + "/oauth2/authorize?");

    // Signed in there, and no consent to give: back to Pushbutton with a code and the same state.
    URI callback = redirect(get(browser, resumed));
    assertThat(callback.toString())
        .startsWith(browser.base() + "/login/oauth2/code/" + REGISTRATION + "?");
    assertThat(query(callback)).containsKey("code").containsEntry("state", asked.get("state"));
    return get(browser, callback);
  }

  /** A browser signed in through the provider as this person. */
  private WebSession signedIn(String username) {
    WebSession browser = WebSession.anonymous(api.base());
    URI landing = redirect(signInAtProvider(browser, username));
    assertThat(landing.getPath()).as("where %s landed", username).isEqualTo("/");
    return browser;
  }

  /** Where a redirect sends the browser; fails unless the response is one. */
  private static URI redirect(HttpResponse<String> response) {
    assertThat(response.statusCode()).as("a redirect from %s", response.uri()).isIn(302, 303);
    String location = response.headers().firstValue("Location").orElseThrow();
    return response.uri().resolve(location);
  }

  /** A browser's navigation: it says it wants a page (the provider answers others with a 401). */
  private static HttpResponse<String> get(WebSession browser, URI uri) {
    return browser.send(HttpRequest.newBuilder(uri).header("Accept", PAGE).GET().build());
  }

  private static HttpResponse<String> post(
      WebSession browser, URI uri, Map<String, String> fields) {
    String body =
        fields.entrySet().stream()
            .map(field -> encode(field.getKey()) + "=" + encode(field.getValue()))
            .collect(Collectors.joining("&"));
    return browser.send(
        HttpRequest.newBuilder(uri)
            .header("Accept", PAGE)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  /** Starts a run from the browser's session, as the page's script does (a null token: none). */
  private static HttpResponse<String> startRun(WebSession browser, String jobId, String token) {
    var request =
        HttpRequest.newBuilder(URI.create(browser.base() + "/api/jobs/" + jobId + "/runs"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"params\":{}}"));
    if (token != null) {
      request.header("X-CSRF-TOKEN", token);
    }
    return browser.send(request.build());
  }

  private static Map<String, Object> me(WebSession browser) {
    HttpResponse<String> me = browser.get("/api/me");
    assertThat(me.statusCode()).isEqualTo(200);
    return json(me);
  }

  /** A user as an admin sees them. */
  private Map<String, Object> user(String username) {
    return api.get("/api/users").jsonList().stream()
        .filter(user -> username.equals(user.get("username")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no user " + username));
  }

  private List<Object> usernames() {
    return api.get("/api/users").jsonList().stream().map(user -> user.get("username")).toList();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> json(HttpResponse<String> response) {
    return JSON.readValue(response.body(), Map.class);
  }

  private static String formToken(String page) {
    Matcher token = FORM_TOKEN.matcher(page);
    assertThat(token.find()).as("a CSRF token in the provider's form:\n%s", page).isTrue();
    return token.group(1);
  }

  private static Map<String, String> query(URI uri) {
    var parameters = new LinkedHashMap<String, String>();
    for (String pair : uri.getRawQuery().split("&")) {
      String[] nameValue = pair.split("=", 2);
      parameters.put(decode(nameValue[0]), nameValue.length > 1 ? decode(nameValue[1]) : "");
    }
    return parameters;
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }

  /**
   * The database's tables with a value holding {@code text}, read row by row: a file search could
   * miss text that SQLite split across pages.
   */
  private Set<String> tablesHolding(String text) throws SQLException {
    var holding = new TreeSet<String>();
    try (Connection connection = database.getConnection()) {
      for (String table : tables(connection)) {
        try (Statement statement = connection.createStatement();
            ResultSet rows = statement.executeQuery("SELECT * FROM \"" + table + "\"")) {
          int columns = rows.getMetaData().getColumnCount();
          while (rows.next()) {
            for (int column = 1; column <= columns; column++) {
              if (holds(rows.getObject(column), text)) {
                holding.add(table);
              }
            }
          }
        }
      }
    }
    return holding;
  }

  private static List<String> tables(Connection connection) throws SQLException {
    var tables = new ArrayList<String>();
    try (ResultSet found =
        connection.getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
      while (found.next()) {
        tables.add(found.getString("TABLE_NAME"));
      }
    }
    return tables;
  }

  /** Files in the data directory (run logs, the database's own files) holding {@code text}. */
  private List<Path> filesHolding(String text) throws IOException {
    try (Stream<Path> files = Files.walk(dataDir)) {
      return files.filter(Files::isRegularFile).filter(file -> holds(read(file), text)).toList();
    }
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      return new byte[0]; // gone since it was listed: holds nothing
    }
  }

  /** Whether a value holds the text, as text or in bytes (a session's serialized attributes). */
  private static boolean holds(Object value, String text) {
    if (value == null) {
      return false;
    }
    // Tokens are ASCII: one byte a character, in UTF-8 and in Java's serialization alike.
    String content =
        value instanceof byte[] bytes
            ? new String(bytes, StandardCharsets.ISO_8859_1)
            : value.toString();
    return content.contains(text);
  }
}
