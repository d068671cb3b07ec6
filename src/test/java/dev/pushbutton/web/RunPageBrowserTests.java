package dev.pushbutton.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushbutton.testing.BrowserTest;
import dev.pushbutton.testing.SseClient;
import dev.pushbutton.testing.SseEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The run page as a person watches it in headless Chromium: the headline moving live, the outcome
 * arriving in words when the run ends, focus on it after Stop, a waiting run's place in line.
 */
class RunPageBrowserTests extends BrowserTest {

  /**
   * Each {@code ::status} the job prints shows on the page within half a second of the server
   * reading it (the chunk's read time, which the log keeps), with the progress beside it.
   */
  @Test
  @SuppressWarnings("unchecked")
  void theHeadlineAndProgressMoveWhileTheRunGoesOn() throws Exception {
    String runId = api.start("headline-ticker", Map.of());
    browser.driver().get(base() + "/runs/" + runId);
    browser.script(
        "window.seen = []; const s = document.getElementById('run-status');"
            + " const p = document.getElementById('run-progress-text');"
            + " const note = () => window.seen.push([s.textContent, p.textContent, Date.now()]);"
            + " new MutationObserver(note).observe(s, {childList: true, characterData: true, subtree: true});"
            + " new MutationObserver(note).observe(p, {childList: true, characterData: true, subtree: true});");
    waitUntil(Duration.ofSeconds(20), () -> "succeeded".equals(state()));
    browser.screenshot(SCREENSHOTS.resolve("run-headline-desktop.png"));

    Map<String, Instant> printed = new HashMap<>();
    try (SseClient events = api.events("/api/runs/" + runId + "/events")) {
      eventually().until(events::ended);
      for (SseEvent e : events.events()) {
        for (SseEvent output :
            e.isLines() ? e.unfold() : e.isOutput() ? List.of(e) : List.<SseEvent>of()) {
          String text = output.text();
          if (text.startsWith("::status ")) {
            printed.put(text.substring(9), Instant.parse((String) output.json().get("ts")));
          }
        }
      }
    }
    List<List<Object>> seen = (List<List<Object>>) browser.script("return window.seen");
    for (int step = 2; step <= 4; step++) {
      String status = "Step " + step + " of 4";
      long shownAt =
          seen.stream()
              .filter(s -> status.equals(s.get(0)))
              .mapToLong(s -> ((Number) s.get(2)).longValue())
              .min()
              .orElseThrow(() -> new AssertionError(status + " never shown; saw " + seen));
      long late = shownAt - printed.get(status).toEpochMilli();
      System.out.printf("run page: \"%s\" shown %d ms after the server read it%n", status, late);
      assertThat(late).as("%s shown %d ms after it was printed", status, late).isLessThan(500);
    }
    assertThat(seen).anySatisfy(s -> assertThat(s.get(1)).isEqualTo("50%"));
    assertThat(text("run-progress-text")).isEqualTo("100%");
    assertThat(text("run-outcome")).contains("Finished successfully in ");
    assertThat(text("run-elapsed-label")).isEqualTo("Took");
  }

  @Test
  void afterStopTheOutcomeSaysWhoStoppedItAndHasTheFocus() {
    String runId = api.start("sleeper", Map.of());
    awaitState(runId, "running");
    browser.driver().get(base() + "/runs/" + runId);
    waitUntil(Duration.ofSeconds(10), () -> "running".equals(state()));
    assertThat(text("run-state")).isEqualTo("Running");
    assertThat(text("run-elapsed-label")).isEqualTo("Elapsed");
    String prompt =
        (String)
            browser.script(
                "window.asked = null; window.confirm = (m) => { window.asked = m; return true; };"
                    + " document.getElementById('kill-button').click(); return window.asked;");
    assertThat(prompt)
        .isEqualTo("Stop this run? The job is asked to stop, and ended 2 s later if it has not.");
    waitUntil(Duration.ofSeconds(15), () -> text("run-outcome").contains("Stopped by admin after"));
    assertThat(browser.script("return document.activeElement.id")).isEqualTo("run-outcome");
    assertThat(browser.driver().getCurrentUrl()).endsWith("/runs/" + runId);
    assertThat(text("run-state")).isEqualTo("Stopped");
    assertThat(browser.driver().findElement(By.id("kill-form")).isDisplayed()).isFalse();
    assertThat(text("run-killed-by")).isEqualTo("admin");
  }

  @Test
  void aFailedRunsOutcomeArrivesLiveInWords() {
    String runId = api.start("fails-with-note", Map.of());
    browser.driver().get(base() + "/runs/" + runId);
    waitUntil(Duration.ofSeconds(15), () -> text("run-outcome").contains("Failed after"));
    assertThat(text("run-outcome")).contains("Backup target unreachable.", "Exit code 2");
    assertThat(text("run-notes")).contains("Error: Backup target unreachable");
    browser.screenshot(SCREENSHOTS.resolve("run-failed-desktop.png"));
    browser
        .driver()
        .executeCdpCommand(
            "Emulation.setEmulatedMedia",
            Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
    browser.resize(390, 844);
    browser.driver().navigate().refresh();
    waitUntil(Duration.ofSeconds(10), () -> text("run-outcome").contains("Failed after"));
    browser.screenshot(SCREENSHOTS.resolve("run-failed-phone-dark.png"));
    assertThat(overflowing()).as("what runs off a phone's screen").isEmpty();
  }

  @Test
  void aWaitingRunSaysWhereItStandsUntilItStarts() {
    String first = api.start("queued", Map.of("tag", "a"));
    String second = api.start("queued", Map.of("tag", "b"));
    browser.driver().get(base() + "/runs/" + second);
    String waiting = text("run-waiting");
    assertThat(waiting).matches("Waiting for the run before it \\(2nd in line\\)|About to start.*");
    assertThat(text("kill-button")).isEqualTo("Cancel");
    browser.screenshot(SCREENSHOTS.resolve("run-waiting-desktop.png"));
    waitUntil(Duration.ofSeconds(20), () -> "succeeded".equals(state()));
    assertThat(browser.driver().findElements(By.id("run-waiting"))).isEmpty();
    // The outcome is asked for once the state says the run ended: it comes a moment after.
    waitUntil(Duration.ofSeconds(5), () -> text("run-outcome").contains("Finished successfully"));
    assertThat(api.state(first)).isEqualTo("succeeded");
  }

  @Test
  void historyAtPhoneWidthFitsTheScreen() {
    String runId = api.start("exit-code", Map.of("code", 3));
    awaitState(runId, "failed");
    browser.resize(390, 844);
    browser.driver().get(base() + "/runs");
    assertThat(overflowing()).as("what runs off a phone's screen").isEmpty();
    assertThat(browser.driver().findElement(By.cssSelector("#runs .run-link")).getText())
        .isEqualTo("Exit with a code");
    browser.screenshot(SCREENSHOTS.resolve("history-phone.png"));
  }

  /**
   * The elements that reach past the screen's right edge when the page itself scrolls sideways;
   * empty when it does not (a log line may be wider than its own scrolling box).
   */
  @SuppressWarnings("unchecked")
  private List<String> overflowing() {
    return (List<String>)
        browser.script(
            "const w = document.documentElement.clientWidth;"
                + " if (document.documentElement.scrollWidth <= w) return [];"
                + " return [...document.querySelectorAll('body *')]"
                + " .filter(e => e.getBoundingClientRect().right > w + 0.5)"
                + " .map(e => e.tagName + '.' + e.className + ' ' + (e.textContent || '').slice(0, 40));");
  }

  private String state() {
    return (String) browser.script("return document.getElementById('run-state').dataset.state");
  }

  private String text(String id) {
    return (String)
        browser.script(
            "const e = document.getElementById(arguments[0]); return e ? e.textContent.trim() : ''",
            id);
  }
}
