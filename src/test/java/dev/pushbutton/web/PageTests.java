package dev.pushbutton.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushbutton.testing.ServerTest;
import dev.pushbutton.testing.WebSession;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The pages over plain HTTP: what they show, how the form answers, and the headers they carry. */
class PageTests extends ServerTest {
  private WebSession web;

  @BeforeEach
  void signIn() {
    web = WebSession.signIn("http://127.0.0.1:" + port, "admin", ADMIN_PASSWORD);
  }

  @Test
  void catalogListsEveryJobWithARunButton() throws Exception {
    HttpResponse<String> page = get("/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .contains("Classic demo", "Validated parameters", "data-job-id=\"classic-demo\"");
    assertThat(page.headers().firstValue("Content-Security-Policy"))
        .hasValueSatisfying(
            csp -> assertThat(csp).contains("script-src 'self'").doesNotContain("unsafe-inline"));
    assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
  }

  @Test
  void formHasOneLabelledInputPerParameterByType() throws Exception {
    String form = get("/jobs/validated").body();
    assertThat(form)
        .contains(
            "<label for=\"param-name\"",
            "type=\"text\"",
            "data-pattern=\"[a-z]+\"",
            "data-max-length=\"8\"");
    assertThat(form)
        .contains("id=\"param-count\"", "type=\"number\"", "min=\"1\"", "max=\"5\"", "value=\"2\"");
    assertThat(form).contains("<select id=\"param-colour\"", "<option value=\"red\"");
    assertThat(form).contains("type=\"checkbox\" id=\"param-flag\"");
    assertThat(form).contains("type=\"password\" id=\"param-password\"");
  }

  @Test
  void invalidFormShowsTheServersMessageBesideTheFieldAndKeepsTheValues() throws Exception {
    HttpResponse<String> answer =
        post("/jobs/validated/runs", Map.of("name", "abc", "count", "9", "password", "s3cret"));
    assertThat(answer.statusCode()).isEqualTo(400);
    assertThat(answer.body())
        .contains("id=\"error-count\" role=\"alert\">&#39;count&#39; must be between 1 and 5.");
    assertThat(answer.body()).contains("value=\"abc\"").doesNotContain("s3cret");
  }

  @Test
  void formSaysWhatIsRequiredAndTheLimitsBeforeAnyError() {
    String form = get("/jobs/greet").body();
    assertThat(fieldOf(form, "name"))
        .contains("(required)", "required=\"required\"")
        .contains("id=\"hint-name\">At most 40 characters<")
        .contains("aria-describedby=\"help-name hint-name error-name\"")
        // the server spells the pattern for the browser's dialect: '-' escaped in the class
        .contains("data-pattern=\"[A-Za-z][A-Za-z .\\-]*\"")
        .doesNotContain(" pattern=", "maxlength=");
    assertThat(fieldOf(form, "times"))
        .contains("id=\"hint-times\">1 to 10<", "aria-describedby=\"hint-times error-times\"")
        // a default stands in for a missing value, so nothing is required of the person
        .doesNotContain("(required)", "required=");
    assertThat(fieldOf(form, "note")).contains("id=\"hint-note\">3 to 20 characters<");
    assertThat(fieldOf(form, "token"))
        .contains("(required)", "id=\"hint-token\">At least 8 characters<");
    // an embedded flag: only the server can judge this pattern, so the page does not try
    assertThat(fieldOf(form, "code")).doesNotContain("data-pattern", "data-msg-pattern");
    assertThat(form).contains("id=\"form-errors\"").doesNotContain("autofocus");
  }

  @Test
  void aFormRefusedAtTheJobsAddressMarksEveryBadFieldAndFocusesTheFirst() {
    HttpResponse<String> answer =
        post(
            "/jobs/greet",
            Map.of(
                "name", "1abc", "times", "11", "greeting", "Hi", "note", "ab", "token", "short"));

    assertThat(answer.statusCode()).isEqualTo(400);
    String page = answer.body();
    assertThat(fieldOf(page, "name"))
        .contains("class=\"field invalid\"", "aria-invalid=\"true\"", "value=\"1abc\"")
        .contains(
            "id=\"error-name\" role=\"alert\">&#39;Name&#39; is not in the expected form."
                + " Letters, spaces, dots and dashes only, starting with a letter.</p>");
    assertThat(fieldOf(page, "times"))
        .contains("value=\"11\"")
        .contains(
            "id=\"error-times\" role=\"alert\">&#39;How many times&#39; must be between 1 and"
                + " 10.</p>");
    assertThat(fieldOf(page, "note"))
        .contains(
            "id=\"error-note\" role=\"alert\">&#39;Note&#39; must be at least 3 characters"
                + " long.</p>");
    assertThat(fieldOf(page, "token"))
        .contains(
            "id=\"error-token\" role=\"alert\">&#39;API token&#39; must be at least 8"
                + " characters long.</p>");
    assertThat(fieldOf(page, "greeting")).doesNotContain("invalid\"", "aria-invalid=\"true\"");
    assertThat(page).doesNotContain("short\"");

    // The first field at fault takes the focus, and only it.
    assertThat(page.split("autofocus=", -1)).hasSize(2);
    assertThat(inputOf(page, "name")).contains("autofocus=\"autofocus\"");
    // The summary names each field at fault, in the form's order, as a link to it.
    assertThat(page)
        .contains(
            "Please correct 4 fields:</span>",
            "<a href=\"#param-name\">Name</a>, <a href=\"#param-times\">How many times</a>,"
                + " <a href=\"#param-note\">Note</a>, <a href=\"#param-token\">API token</a>");
    // The form posts to the address it was refused at, which a reload shows.
    assertThat(page).contains("action=\"/jobs/greet\"");
    assertThat(get("/jobs/greet").statusCode()).isEqualTo(200);
  }

  @Test
  void aConfirmationLeftUntickedIsNamedAlongsideTheBadValues() {
    HttpResponse<String> answer = post("/jobs/confirmed", Map.of());
    assertThat(answer.statusCode()).isEqualTo(400);
    assertThat(answer.body())
        .contains("Please correct 1 field:", "<a href=\"#param-_confirmed\">Confirmation</a>")
        .contains("id=\"error-_confirmed\" role=\"alert\">Tick this box to confirm.</p>");
    assertThat(inputOf(answer.body(), "_confirmed")).contains("autofocus");
  }

  @Test
  void validFormStartsTheRunAndGoesToItsPage() throws Exception {
    HttpResponse<String> answer =
        post("/jobs/validated/runs", Map.of("name", "abc", "colour", "green"));
    assertThat(answer.statusCode()).isEqualTo(302);
    String location = answer.headers().firstValue("Location").orElseThrow();
    assertThat(location).contains("/runs/");
    String runId = location.substring(location.lastIndexOf('/') + 1);
    awaitState(runId, "succeeded");
    assertThat(api.run(runId).get("params"))
        .isEqualTo(
            Map.of(
                "name",
                "abc",
                "count",
                "2",
                "colour",
                "green",
                "flag",
                "false",
                "password",
                "")); // a secret left empty: nothing to hide, and no value a restart would miss
    String page = get("/runs/" + runId).body();
    assertThat(page)
        .contains("id=\"log\"", "data-run-id=\"" + runId + "\"", "/js/log/page.js\"></script>");
  }

  @Test
  void historyFiltersByJobAndState() throws Exception {
    String failed = api.start("exit-code", Map.of("code", 4));
    awaitState(failed, "failed");
    String page = get("/runs?jobId=exit-code&state=failed").body();
    assertThat(page).contains("data-run-id=\"" + failed + "\"");
    assertThat(page).doesNotContain("state-succeeded\"");
    assertThat(get("/runs/table?jobId=exit-code").body())
        .contains("id=\"runs\"")
        .doesNotContain("<html");
  }

  @Test
  void unknownJobOrRunIsAPageSayingSo() throws Exception {
    HttpResponse<String> job = get("/jobs/nope");
    assertThat(job.statusCode()).isEqualTo(404);
    assertThat(job.body()).contains("There is no job &#39;nope&#39;");
    assertThat(get("/runs/nope").statusCode()).isEqualTo(404);
  }

  /** No page sends such a form, but whoever does gets a 400 saying so, not a server error. */
  @Test
  void aFormThatCannotBeDecodedIsRefusedWithA400() {
    String token = WebSession.token(get("/").body());
    HttpResponse<String> tokenInHeader =
        web.send(form("/jobs/validated/runs", "name=%ZZ").header("X-CSRF-TOKEN", token).build());
    assertThat(tokenInHeader.statusCode()).isEqualTo(400);
    assertThat(tokenInHeader.body()).contains("The form could not be read");
    // With the token in the form, the CSRF check is the first to read it, before any controller.
    String encoded = URLEncoder.encode(token, StandardCharsets.UTF_8);
    assertThat(web.send(form("/jobs/validated/runs", "name=%ZZ&_csrf=" + encoded).build()))
        .extracting(HttpResponse::statusCode)
        .isEqualTo(400);
    assertThat(WebSession.anonymous(web.base()).send(form("/login", "username=%ZZ").build()))
        .extracting(HttpResponse::statusCode)
        .isEqualTo(400);
  }

  @Test
  void aMethodAPageDoesNotTakeIsA405NamingTheOnesItDoes() {
    String token = WebSession.token(get("/").body());
    HttpResponse<String> put =
        web.send(
            form("/jobs/validated/runs", "name=abc")
                .header("X-CSRF-TOKEN", token)
                .method("PUT", HttpRequest.BodyPublishers.ofString("name=abc"))
                .build());
    assertThat(put.statusCode()).isEqualTo(405);
    assertThat(put.headers().firstValue("Allow")).contains("POST");
  }

  private HttpRequest.Builder form(String path, String body) {
    return HttpRequest.newBuilder(URI.create(web.base() + path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body));
  }

  @Test
  void assetsAreServedByPushbuttonItself() throws Exception {
    assertThat(get("/webjars/htmx.org/dist/htmx.min.js").statusCode()).isEqualTo(200);
    assertThat(get("/js/app.js").statusCode()).isEqualTo(200);
    assertThat(get("/css/app.css").statusCode()).isEqualTo(200);
    assertThat(get("/").body()).doesNotContain("http://", "https://cdn");
  }

  /**
   * Each page names its assets under the build's version, and those answers may be kept: a page
   * opened again asks the server for none of them. The plain addresses still answer, asked about
   * each time.
   */
  @Test
  void pagesLinkTheirAssetsUnderTheBuildsVersionWhichBrowsersKeep() throws Exception {
    String signIn = WebSession.anonymous(web.base()).get("/login").body();
    Matcher links =
        Pattern.compile("(?:href|src)=\"(/assets/[0-9a-f]{12})(/[^\"]+)\"").matcher(signIn);
    List<String> plain = new ArrayList<>();
    String version = null;
    while (links.find()) {
      version = links.group(1);
      plain.add(links.group(2));
      HttpResponse<String> kept =
          WebSession.anonymous(web.base()).get(links.group(0).split("\"")[1]);
      assertThat(kept.statusCode()).as(links.group(0)).isEqualTo(200);
      assertThat(kept.headers().firstValue("Cache-Control").orElse(""))
          .as(links.group(0))
          .contains("max-age=31536000", "immutable");
    }
    assertThat(plain)
        .contains(
            "/css/app.css", "/js/app.js", "/webjars/htmx.org/dist/htmx.min.js", "/favicon.svg");
    assertThat(get("/").body()).contains(version + "/js/app.js");
    assertThat(get(version + "/js/no-such-file.js").statusCode()).isEqualTo(404);
    assertThat(get("/assets/000000000000/js/app.js").statusCode()).isEqualTo(404);
  }

  /**
   * The log viewer's modules are all asked for by the run page's own links, at once, rather than
   * each found in the one that imports it; and each is served as a script, as modules must be.
   */
  @Test
  void theRunPagePreloadsEveryModuleOfTheLogViewer() throws Exception {
    String runId = api.start("classic-demo", Map.of());
    String page = get("/runs/" + runId).body();
    Matcher entry =
        Pattern.compile("<script type=\"module\" src=\"(/assets/[0-9a-f]+)/js/log/page.js\">")
            .matcher(page);
    assertThat(entry.find()).as("the viewer's entry module").isTrue();
    String assets = entry.group(1);
    try (Stream<Path> files = Files.list(Path.of("src/main/resources/static/js/log"))) {
      List<String> modules = files.map(f -> "/js/log/" + f.getFileName()).sorted().toList();
      assertThat(modules).contains("/js/log/page.js", "/js/log/transport.js");
      for (String module : modules) {
        assertThat(page).contains("<link rel=\"modulepreload\" href=\"" + assets + module + "\">");
        HttpResponse<String> script = get(assets + module);
        assertThat(script.statusCode()).as(module).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type")).hasValue("text/javascript");
      }
    }
  }

  /** The part of a form page that shows one parameter: its label, input, help, hint and error. */
  private static String fieldOf(String page, String name) {
    int input = page.indexOf("id=\"param-" + name + "\"");
    assertThat(input).as("the page has a field " + name).isNotNegative();
    int start = page.lastIndexOf("<div class=\"field", input);
    int next = page.indexOf("<div class=\"field", input);
    int end = next < 0 ? page.indexOf("</form>", input) : next;
    return page.substring(start, end);
  }

  private static String inputOf(String page, String name) {
    var tag =
        java.util.regex.Pattern.compile(
                "<(input|select|textarea)[^>]*id=\"param-" + name + "\"[^>]*>")
            .matcher(page);
    assertThat(tag.find()).as("the page has an input " + name).isTrue();
    return tag.group();
  }

  private HttpResponse<String> get(String path) {
    return web.get(path);
  }

  private HttpResponse<String> post(String path, Map<String, String> form) {
    return web.post(path, form);
  }
}
