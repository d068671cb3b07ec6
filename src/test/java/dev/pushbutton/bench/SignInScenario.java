package dev.pushbutton.bench;

import dev.pushbutton.testing.Api;
import dev.pushbutton.testing.WebSession;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * What knowing who asks costs: one password check by itself, and a small API request made each way
 * a caller can sign in, beside the cheapest request that needs no sign-in at all (the icon, a
 * static file open to everyone: the same filters and connection, no user to find).
 */
final class SignInScenario {
  private static final int WARM_UP = 1_000;
  private static final int MEASURED = 2_000;

  private final String base;
  private final String adminPassword;
  private final Client client;
  private final List<Row> rows;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  SignInScenario(String base, String adminPassword, Client client, List<Row> rows) {
    this.base = base;
    this.adminPassword = adminPassword;
    this.client = client;
    this.rows = rows;
  }

  void run() throws Exception {
    passwordCheck();
    String basic = Api.basicHeader("admin", adminPassword);
    WebSession session = WebSession.signIn(base, "admin", adminPassword);
    String cookie = "SESSION=" + session.sessionId().orElseThrow();
    List<HttpRequest> ways =
        List.of(
            request("/favicon.svg", null, null),
            request("/api/me", "Authorization", client.authorization()),
            request("/api/me", "Authorization", basic),
            request("/api/me", "Cookie", cookie));
    // Every way warmed up before any is measured, so none pays for compiling the shared path.
    for (HttpRequest way : ways) {
      for (int i = 0; i < WARM_UP; i++) {
        send(way);
      }
    }
    double[] none = measure(ways.get(0));
    double[] token = measure(ways.get(1));
    double[] cached = measure(ways.get(2));
    double[] browser = measure(ways.get(3));
    rows.add(
        new Row(
            "sign-in: GET without sign-in (/favicon.svg, a static file), p50 / p99",
            Row.format(none[0]) + " / " + Row.format(none[1]) + " ms",
            "",
            "",
            "—",
            ""));
    add("sign-in: GET /api/me with an API token", token, none);
    add("sign-in: GET /api/me with HTTP Basic, the pair verified a moment ago", cached, none);
    add("sign-in: GET /api/me with a browser's session cookie", browser, none);
  }

  /**
   * One bcrypt check, as the server makes it, in this JVM: the cost every uncached Basic request
   * pays.
   */
  private void passwordCheck() {
    PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
    String hash = encoder.encode(adminPassword);
    for (int i = 0; i < 20; i++) {
      encoder.matches(adminPassword, hash);
    }
    long[] nanos = new long[50];
    for (int i = 0; i < nanos.length; i++) {
      long t0 = System.nanoTime();
      encoder.matches(adminPassword, hash);
      nanos[i] = System.nanoTime() - t0;
    }
    rows.add(
        Row.of(
            "sign-in: one password check (bcrypt, strength 10), p50",
            Stats.percentileMillis(nanos, 0.5),
            "ms",
            "~100 ms by design",
            true));
  }

  private void add(String figure, double[] measured, double[] baseline) {
    rows.add(Row.against(figure + ", p50", measured[0], baseline[0], "ms", "—", true));
    rows.add(Row.against(figure + ", p99", measured[1], baseline[1], "ms", "—", true));
  }

  private HttpRequest request(String path, String header, String value) {
    var builder = HttpRequest.newBuilder(URI.create(base + path));
    if (header != null) {
      builder.header(header, value);
    }
    return builder.build();
  }

  /** p50 and p99 of {@value #MEASURED} sends of {@code request}, one after another. */
  private double[] measure(HttpRequest request) throws IOException, InterruptedException {
    long[] nanos = new long[MEASURED];
    for (int i = 0; i < MEASURED; i++) {
      long t0 = System.nanoTime();
      send(request);
      nanos[i] = System.nanoTime() - t0;
    }
    return new double[] {Stats.percentileMillis(nanos, 0.5), Stats.percentileMillis(nanos, 0.99)};
  }

  private void send(HttpRequest request) throws IOException, InterruptedException {
    HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
    if (response.statusCode() != 200) {
      throw new IOException(request.uri() + " answered " + response.statusCode());
    }
  }
}
