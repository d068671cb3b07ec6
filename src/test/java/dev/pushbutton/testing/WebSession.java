package dev.pushbutton.testing;

import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser's session without the browser: cookies kept, redirects not followed (tests look at
 * them), and every form sent with the CSRF token the pages carry, as a browser sending the page's
 * own forms does.
 */
public final class WebSession {
  private static final Pattern FORM_TOKEN = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
  private static final Pattern META_TOKEN =
      Pattern.compile("<meta name=\"csrf-token\" content=\"([^\"]+)\"");

  private final String base;
  private final CookieManager cookies = new CookieManager();
  private final HttpClient http;

  private WebSession(String base) {
    this.base = base;
    this.http =
        HttpClient.newBuilder()
            .cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** A browser that has not signed in. */
  public static WebSession anonymous(String base) {
    return new WebSession(base);
  }

  /** Signs in on the sign-in page, as a person would; fails unless it worked. */
  public static WebSession signIn(String base, String username, String password) {
    WebSession session = new WebSession(base);
    HttpResponse<String> answer = session.signInAs(username, password);
    if (answer.statusCode() != 302
        || answer.headers().firstValue("Location").orElse("").contains("error")) {
      throw new AssertionError(
          "signing in as "
              + username
              + " got "
              + answer.statusCode()
              + " "
              + answer.headers().map());
    }
    return session;
  }

  /** Sends the sign-in form, with the token the sign-in page gave. */
  public HttpResponse<String> signInAs(String username, String password) {
    String token = token(get("/login").body());
    return send(form("/login", Map.of("username", username, "password", password, "_csrf", token)));
  }

  public HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET().build());
  }

  /** Sends a form as the page's own form would, with the page's CSRF token. */
  public HttpResponse<String> post(String path, Map<String, String> fields) {
    var all = new LinkedHashMap<>(fields);
    all.put("_csrf", token(get("/").body()));
    return send(form(path, all));
  }

  /** Sends a form without any CSRF token, as a page on another site could. */
  public HttpResponse<String> postWithoutToken(String path, Map<String, String> fields) {
    return send(form(path, fields));
  }

  public HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The session cookie's value, if there is one. */
  public Optional<String> sessionId() {
    return cookies.getCookieStore().getCookies().stream()
        .filter(c -> c.getName().equals("SESSION"))
        .map(HttpCookie::getValue)
        .findFirst();
  }

  public String base() {
    return base;
  }

  private HttpRequest form(String path, Map<String, String> fields) {
    String body =
        fields.entrySet().stream()
            .map(e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    return HttpRequest.newBuilder(URI.create(base + path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  /** The CSRF token in a page: a form's hidden field, or the head's meta tag. */
  public static String token(String page) {
    Matcher form = FORM_TOKEN.matcher(page);
    if (form.find()) {
      return form.group(1);
    }
    Matcher meta = META_TOKEN.matcher(page);
    if (meta.find()) {
      return meta.group(1);
    }
    throw new AssertionError("no CSRF token in the page:\n" + page);
  }
}
