package dev.pushbutton.bench;

import dev.pushbutton.testing.Browser;
import dev.pushbutton.testing.ServerProcess;
import dev.pushbutton.testing.TailProbe;
import java.io.IOException;
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

/**
 * Opening a finished million-line log as a person meets it: a fresh Chromium (an empty profile, so
 * nothing of the run page is cached), signed in on the form (not measured; it loads what the
 * sign-in and catalog pages load), then the run page, from the start of navigation until its last
 * line is drawn on screen; then a search for a line near the top, typed as soon as the end shows.
 * {@link TailProbe} watches the page as drawn, not the viewer's code, so any build is measured the
 * same way. The first open is the first page the server renders for the run after it started (its
 * JIT cold, when the scenario runs first, as the benchmark has it), and is reported apart.
 */
final class TailScenario {
  static final int LINES = 1_000_000;
  private static final String SEARCH = "line 0000042 ";
  private static final int SEARCH_LINE = 41;

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
  record Open(
      double tail,
      double search,
      double typing,
      double ready,
      double longestTask,
      String timeline) {}

  void run() throws Exception {
    if (!Files.isExecutable(Browser.CHROMIUM) || !Files.isExecutable(Browser.CHROMEDRIVER)) {
      rows.add(new Row("tail: skipped (no Chromium)", "—", "", "", "—", ""));
      return;
    }
    String runId = client.start("million-lines", Map.of());
    client.awaitEnd(runId);
    List<Open> all = new ArrayList<>();
    for (int i = 0; i < opens; i++) {
      Open open = open(runId);
      System.out.printf(
          "tail: open %d%s: last line drawn %.0f ms, search answered %.0f ms after the last key"
              + " (typed in %.0f ms), all lines held %.0f ms, longest task %.0f ms%n  %s%n",
          i + 1,
          i == 0 ? " (first after the server started)" : "",
          open.tail(),
          open.search(),
          open.typing(),
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

  private Open open(String runId) throws IOException {
    Path profile = Files.createTempDirectory("pushbutton-chromium");
    try (Browser browser = Browser.open("--user-data-dir=" + profile)) {
      ChromeDriver driver = browser.driver();
      browser.signIn(base, "admin", ServerProcess.ADMIN_PASSWORD);
      TailProbe probe = TailProbe.watch(driver, LINES - 1, SEARCH_LINE);
      driver.get(base + "/runs/" + runId);
      double tail = probe.tailDrawn();
      driver.findElement(By.id("log-search")).sendKeys(SEARCH);
      double search = probe.searchAnswered();
      double ready = probe.allLinesHeld();
      // Whatever the page still does once it has answered counts for the long tasks too.
      driver.executeAsyncScript("setTimeout(arguments[arguments.length - 1], 500)");
      return new Open(
          tail, search, probe.typing(), ready, probe.longestTask(), probe.timeline(runId));
    } finally {
      deleteTree(profile);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
