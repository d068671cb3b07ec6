package dev.pushbutton.bench;

import dev.pushbutton.testing.Browser;
import dev.pushbutton.testing.ServerProcess;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import tools.jackson.databind.json.JsonMapper;

/**
 * Opening a finished million-line log as a person meets it: a fresh Chromium (an empty profile, so
 * nothing of the run page is cached), signed in on the form (not measured; it loads what the
 * sign-in and catalog pages load), then the run page, from the start of navigation until its last
 * line is drawn on screen; then a search for a line near the top, typed as soon as the end shows.
 * The page is watched by {@code bench/tail-probe.js}, put into the page through the DevTools
 * protocol, which looks at what is drawn and not at the viewer's code, so any build is measured the
 * same way. The first open is the first page the server renders for the run after it started (its
 * JIT cold, when the scenario runs first, as the benchmark has it), and is reported apart.
 */
final class TailScenario {
  static final int LINES = 1_000_000;
  private static final String SEARCH = "line 0000042 ";
  private static final int SEARCH_LINE = 41;
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final String base;
  private final Client client;
  private final List<Row> rows;
  private final int opens;

  TailScenario(String base, Client client, List<Row> rows, int opens) {
    this.base = base;
    this.client = client;
    this.rows = rows;
    this.opens = opens;
  }

  /** One open of the run page, in milliseconds since navigation began. */
  record Open(double tail, double search, double ready, double longestTask, String timeline) {}

  void run() throws Exception {
    if (!Files.isExecutable(Browser.CHROMIUM) || !Files.isExecutable(Browser.CHROMEDRIVER)) {
      rows.add(new Row("tail: skipped (no Chromium)", "—", "", "", "—", ""));
      return;
    }
    String runId = client.start("million-lines", Map.of());
    client.awaitEnd(runId);
    String probe;
    try (InputStream in = TailScenario.class.getResourceAsStream("/bench/tail-probe.js")) {
      probe =
          new String(in.readAllBytes(), StandardCharsets.UTF_8)
              .replace("%LAST_LINE%", Integer.toString(LINES - 1))
              .replace("%SEARCH_LINE%", Integer.toString(SEARCH_LINE));
    }
    List<Open> all = new ArrayList<>();
    for (int i = 0; i < opens; i++) {
      Open open = open(runId, probe);
      System.out.printf(
          "tail: open %d%s: last line drawn %.0f ms, search %.0f ms, all lines %.0f ms,"
              + " longest task %.0f ms%n  %s%n",
          i + 1,
          i == 0 ? " (first after the server started)" : "",
          open.tail(),
          open.search(),
          open.ready(),
          open.longestTask(),
          open.timeline());
      all.add(open);
    }
    report(all);
  }

  private void report(List<Open> all) {
    Open first = all.getFirst();
    List<Open> later = all.subList(1, all.size());
    rows.add(
        Row.of(
            "tail: 1,000,000-line log, navigation start to last line drawn, first open after start",
            first.tail(),
            "ms",
            "≤ 500 ms",
            first.tail() <= 500));
    if (!later.isEmpty()) {
      double[] tails = later.stream().mapToDouble(Open::tail).toArray();
      double median = Stats.median(tails);
      rows.add(
          Row.of(
              "tail: the same, later opens, median of " + tails.length + " (" + list(tails) + ")",
              median,
              "ms",
              "≤ 500 ms",
              median <= 500));
    }
    double[] searches = all.stream().mapToDouble(Open::search).toArray();
    double search = Stats.median(searches);
    rows.add(
        Row.of(
            "tail: search for line 42, typed when the end showed, last key to match drawn, median ("
                + list(searches)
                + ")",
            search,
            "ms",
            "≤ 500 ms",
            search <= 500));
    double[] readies = all.stream().mapToDouble(Open::ready).toArray();
    rows.add(
        Row.of(
            "tail: every line held (the viewer's mark), median (" + list(readies) + ")",
            Stats.median(readies),
            "ms",
            "—",
            true));
    double[] tasks = all.stream().mapToDouble(Open::longestTask).toArray();
    double longest = Arrays.stream(tasks).max().orElse(0);
    rows.add(
        Row.of(
            "tail: longest task, navigation to the search's answer, worst open ("
                + list(tasks)
                + ")",
            longest,
            "ms",
            "≤ 200 ms",
            longest <= 200));
  }

  private static String list(double[] values) {
    var text = new StringJoiner(" / ");
    for (double v : values) {
      text.add(Row.format(v));
    }
    return text.toString();
  }

  private Open open(String runId, String probe) throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory("pushbutton-chromium");
    try (Browser browser = Browser.open("--user-data-dir=" + profile)) {
      ChromeDriver driver = browser.driver();
      browser.signIn(base, "admin", ServerProcess.ADMIN_PASSWORD);
      driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", probe));
      driver.get(base + "/runs/" + runId);
      double tail = awaitProbe(driver, "tail");
      driver.findElement(By.id("log-search")).sendKeys(SEARCH);
      double found = awaitProbe(driver, "search");
      double ready = awaitProbe(driver, "ready");
      // Whatever the page still does once it has answered counts for the long tasks too.
      driver.executeAsyncScript("setTimeout(arguments[arguments.length - 1], 500)");
      @SuppressWarnings("unchecked")
      Map<String, Object> seen = JSON.readValue((String) browser.script(COLLECT, runId), Map.class);
      @SuppressWarnings("unchecked")
      List<Number> keys = (List<Number>) seen.get("keys");
      @SuppressWarnings("unchecked")
      List<List<Number>> tasks = (List<List<Number>>) seen.get("longTasks");
      double longest = tasks.stream().mapToDouble(t -> t.get(1).doubleValue()).max().orElse(0);
      return new Open(
          tail, found - keys.getLast().doubleValue(), ready, longest, timeline(seen, tasks));
    } finally {
      deleteTree(profile);
    }
  }

  private static double awaitProbe(ChromeDriver driver, String name) {
    return ((Number)
            driver.executeAsyncScript(
                "window.pushbuttonProbe[arguments[0]].then(arguments[arguments.length - 1])", name))
        .doubleValue();
  }

  /** What the page asked for and when, and its long tasks: where the time went. */
  @SuppressWarnings("unchecked")
  private static String timeline(Map<String, Object> seen, List<List<Number>> tasks) {
    var text = new StringJoiner(", ");
    List<Number> html = (List<Number>) seen.get("html");
    text.add("page " + html.get(0) + "–" + html.get(1) + " ms");
    for (List<Object> resource : (List<List<Object>>) seen.get("resources")) {
      text.add(resource.get(0) + " " + resource.get(1) + "–" + resource.get(2));
    }
    text.add("DOMContentLoaded " + seen.get("domContentLoaded"));
    text.add("first paint " + seen.get("firstPaint"));
    var longTasks = new StringJoiner(" ");
    tasks.forEach(t -> longTasks.add(t.get(1) + "@" + t.get(0)));
    text.add("long tasks (ms@start) " + longTasks);
    return text.toString();
  }

  /** The page's own records: Navigation and Resource Timing, paints, and what the probe saw. */
  private static final String COLLECT =
      """
      const p = window.pushbuttonProbe;
      const nav = performance.getEntriesByType('navigation')[0];
      const paint = performance.getEntriesByName('first-contentful-paint')[0];
      const name = (r) => {
        const u = new URL(r.name);
        return (u.pathname + u.search).replace(arguments[0], '{id}');
      };
      return JSON.stringify({
        keys: p.keys,
        longTasks: p.longTasks,
        html: [Math.round(nav.requestStart), Math.round(nav.responseEnd)],
        domContentLoaded: Math.round(nav.domContentLoadedEventEnd),
        firstPaint: paint ? Math.round(paint.startTime) : null,
        resources: performance.getEntriesByType('resource')
          .map((r) => [name(r), Math.round(r.startTime), Math.round(r.responseEnd)]),
      });
      """;

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
