package dev.pushbutton.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.openqa.selenium.chrome.ChromeDriver;
import tools.jackson.databind.json.JsonMapper;

/**
 * The run page as a person sees it, timed by the page's own clock: {@code testing/tail-probe.js},
 * put into every page the browser opens after {@link #watch} (through the DevTools protocol, so the
 * Content-Security-Policy does not apply and the page's code is not changed), notes when a log line
 * is first drawn on screen, when the search's match is, and every long task. It looks at what is
 * drawn, not at the viewer's code, so it measures any build the same way: the benchmark's {@code
 * --only=tail} and {@code LogViewerBrowserTests} both use it.
 *
 * <p>Times are milliseconds since navigation began ({@code performance.timeOrigin}). "Drawn" is the
 * first check after a rendering update (a task queued from a {@code requestAnimationFrame}
 * callback, which runs once that frame's style, layout and paint are done) that finds the row laid
 * out inside the log's box.
 */
public final class TailProbe {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final ChromeDriver driver;

  private TailProbe(ChromeDriver driver) {
    this.driver = driver;
  }

  /**
   * Watches every run page opened from now on for {@code lastLine} (from 0) on screen, and for
   * {@code searchLine} on screen as the selected match once keys are typed into the search box.
   */
  public static TailProbe watch(ChromeDriver driver, int lastLine, int searchLine) {
    String source;
    try (InputStream in = TailProbe.class.getResourceAsStream("/testing/tail-probe.js")) {
      source =
          new String(in.readAllBytes(), StandardCharsets.UTF_8)
              .replace("%LAST_LINE%", Integer.toString(lastLine))
              .replace("%SEARCH_LINE%", Integer.toString(searchLine));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", source));
    return new TailProbe(driver);
  }

  /** When the last line was first drawn on screen: waits for it. */
  public double tailDrawn() {
    return await("tail");
  }

  /** When the search's match was first drawn on screen, after the last key typed: waits for it. */
  public double searchAnswered() {
    double drawn = await("search");
    List<Number> keys = field("keys");
    return drawn - keys.getLast().doubleValue();
  }

  /**
   * How long the typing took, first key to last: the keys wait for the page between its tasks, so
   * this grows when the page is busy.
   */
  public double typing() {
    List<Number> keys = field("keys");
    return keys.isEmpty() ? 0 : keys.getLast().doubleValue() - keys.getFirst().doubleValue();
  }

  /** When the viewer said it holds every line (its own mark, data-ready): waits for it. */
  public double allLinesHeld() {
    return await("ready");
  }

  /** The tasks over 50 ms so far, as [start, duration] pairs. */
  public List<List<Number>> longTasks() {
    return field("longTasks");
  }

  public double longestTask() {
    return longTasks().stream().mapToDouble(t -> t.get(1).doubleValue()).max().orElse(0);
  }

  /**
   * Where the time went: when the page and each thing it asked for arrived (Resource Timing, start
   * to end), DOMContentLoaded, the first paint, the long tasks and the frames held up over 50 ms
   * with the scripts that ran in them (Long Animation Frames).
   */
  @SuppressWarnings("unchecked")
  public String timeline(String runId) {
    Map<String, Object> seen = read(TIMELINE.replace("%RUN%", runId));
    var text = new StringJoiner(", ");
    List<Number> page = (List<Number>) seen.get("page");
    text.add("page " + page.get(0) + "–" + page.get(1));
    for (List<Object> resource : (List<List<Object>>) seen.get("resources")) {
      text.add(resource.get(0) + " " + resource.get(1) + "–" + resource.get(2));
    }
    text.add("DOMContentLoaded " + seen.get("domContentLoaded"));
    text.add("first paint " + seen.get("firstPaint"));
    var tasks = new StringJoiner(" ");
    longTasks().forEach(t -> tasks.add(t.get(1) + "@" + t.get(0)));
    text.add("long tasks (ms@start) " + tasks);
    var frames = new StringJoiner("; ");
    ((List<List<Object>>) seen.get("longFrames"))
        .forEach(f -> frames.add(f.get(1) + "@" + f.get(0) + " [" + f.get(3) + "]"));
    text.add("long frames " + frames);
    return text.toString();
  }

  private double await(String mark) {
    return ((Number)
            driver.executeAsyncScript(
                "window.pushbuttonProbe[arguments[0]].then(arguments[arguments.length - 1])", mark))
        .doubleValue();
  }

  @SuppressWarnings("unchecked")
  private <T> T field(String name) {
    return (T) read("return JSON.stringify(window.pushbuttonProbe)").get(name);
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> read(String script) {
    return JSON.readValue((String) driver.executeScript(script), Map.class);
  }

  /** The page's own records, the run's id shown as {id}. */
  private static final String TIMELINE =
      """
      const p = window.pushbuttonProbe;
      const nav = performance.getEntriesByType('navigation')[0];
      const paint = performance.getEntriesByName('first-contentful-paint')[0];
      const name = (r) => {
        const u = new URL(r.name);
        return (u.pathname + u.search).replace('%RUN%', '{id}');
      };
      return JSON.stringify({
        page: [Math.round(nav.requestStart), Math.round(nav.responseEnd)],
        domContentLoaded: Math.round(nav.domContentLoadedEventEnd),
        firstPaint: paint ? Math.round(paint.startTime) : null,
        resources: performance.getEntriesByType('resource')
          .map((r) => [name(r), Math.round(r.startTime), Math.round(r.responseEnd)]),
        longFrames: p.longFrames,
      });
      """;
}
