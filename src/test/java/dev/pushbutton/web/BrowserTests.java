package dev.pushbutton.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushbutton.testing.BrowserTest;
import dev.pushbutton.testing.CuttableProxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The pages as a person uses them, in headless Chromium. */
class BrowserTests extends BrowserTest {

  @Test
  void runFromTheCatalogAndWatchTheLinesArriveLive() {
    browser.driver().get(base() + "/");
    browser.screenshot(SCREENSHOTS.resolve("catalog-desktop.png"));
    WebElement card =
        browser.driver().findElement(By.cssSelector(".job-card[data-job-id='classic-demo']"));
    card.findElement(By.cssSelector("button[type=submit]")).click();

    waitUntil(Duration.ofSeconds(10), () -> lineCount() >= 1);
    assertThat(browser.driver().getCurrentUrl()).contains("/runs/");
    assertThat(state()).isIn("starting", "running");
    waitUntil(Duration.ofSeconds(20), () -> "succeeded".equals(state()));

    assertThat(lines())
        .containsExactly(
            "run method invoked",
            "doing a thing",
            "doing a second thing",
            "completed ALL THE THINGS!");
    new WebDriverWait(browser.driver(), Duration.ofSeconds(10))
        .until(
            d -> d.findElement(By.id("run-outcome")).getText().contains("Finished successfully"));
    browser.screenshot(SCREENSHOTS.resolve("run-desktop.png"));
  }

  @Test
  void logCompletesWithoutRepeatsWhenTheConnectionIsCutMidRun() throws Exception {
    String runId = api.start("ten-lines", Map.of());
    try (var proxy = new CuttableProxy(port)) {
      browser.driver().get("http://127.0.0.1:" + proxy.port() + "/runs/" + runId);
      waitUntil(Duration.ofSeconds(10), () -> lineCount() >= 3);
      proxy.cutAll();
      waitUntil(Duration.ofSeconds(20), () -> "succeeded".equals(state()) && lineCount() >= 10);
      List<String> expected = new ArrayList<>();
      for (int i = 1; i <= 10; i++) {
        expected.add("line " + i);
      }
      assertThat(lines()).containsExactlyElementsOf(expected);
    }
  }

  @Test
  void aLinesEventShowsAsTheLinesItStandsFor() {
    // Keeps the page's event sources where the test can reach them, before the page's scripts run.
    browser
        .driver()
        .executeCdpCommand(
            "Page.addScriptToEvaluateOnNewDocument",
            Map.of(
                "source",
                "window.sources = []; const Native = window.EventSource;"
                    + " window.EventSource = class extends Native {"
                    + " constructor(...a) { super(...a); window.sources.push(this); } };"));
    String runId = api.start("sleeper", Map.of());
    try {
      browser.driver().get(base() + "/runs/" + runId);
      waitUntil(Duration.ofSeconds(10), () -> lineCount() >= 1); // "started", chunk 1

      // What a backlog sends (the server's side of it is tested in LiveOutputTests): here the
      // second event finishes the first one's unfinished line, and a stderr chunk comes between.
      browser.script(
          "const source = window.sources[window.sources.length - 1];"
              + " for (const [id, data] of arguments[0]) source.dispatchEvent("
              + " new MessageEvent('lines', {data, lastEventId: id}));",
          List.of(
              List.of(
                  "4",
                  "{\"seq\":2,\"stream\":\"stdout\",\"eol\":false,\"ts\":\"2026-11-23T10:00:00Z\","
                      + "\"texts\":[\"a\",\"b\",\"par\"]}"),
              List.of(
                  "6",
                  "{\"seq\":5,\"stream\":\"stderr\",\"eol\":true,\"ts\":\"2026-11-23T10:00:00Z\","
                      + "\"texts\":[\"oops\",\"again\"]}"),
              List.of(
                  "8",
                  "{\"seq\":7,\"stream\":\"stdout\",\"eol\":true,\"ts\":\"2026-11-23T10:00:00Z\","
                      + "\"texts\":[\"tial\",\"c\"]}")));

      waitUntil(Duration.ofSeconds(5), () -> lineCount() >= 6);
      // A line stays where it began, however late its end comes.
      assertThat(lines()).containsExactly("started", "a", "b", "partial", "oops", "again", "c");
    } finally {
      api.post("/api/runs/" + runId + "/kill", Map.of());
    }
  }

  @Test
  void outputIsShownAsTextAndNeverRunsAsMarkup() {
    String runId = api.start("hostile-markup", Map.of());
    awaitState(runId, "succeeded");
    browser.driver().get(base() + "/runs/" + runId);
    waitUntil(Duration.ofSeconds(10), () -> lineCount() >= 3);

    assertThat(lines())
        .containsExactly(
            "<img src=x onerror=alert(1)>", "<script>alert(2)</script>", "<b>not bold</b> & done");
    WebElement log = browser.driver().findElement(By.id("log"));
    assertThat(log.findElements(By.tagName("img"))).isEmpty();
    assertThat(log.findElements(By.tagName("script"))).isEmpty();
    assertThat(log.findElements(By.tagName("b"))).isEmpty();
    assertThat(log.getText()).contains("<img src=x onerror=alert(1)>");
    assertThat(alertShown()).isFalse();
  }

  @Test
  void formShowsErrorsBesideTheFieldFromPageAndServer() {
    browser.driver().get(base() + "/jobs/validated");
    browser.driver().findElement(By.id("param-name")).sendKeys("UPPER");
    browser.driver().findElement(By.cssSelector("#run-form button[type=submit]")).click();
    WebElement pageError = browser.driver().findElement(By.id("error-name"));
    assertThat(pageError.isDisplayed()).isTrue();
    assertThat(pageError.getText()).isNotBlank();
    assertThat(browser.driver().getCurrentUrl()).endsWith("/jobs/validated");

    // The server decides: send the form without the page's checks and read its answer beside the
    // field.
    browser.script("document.getElementById('run-form').submit()");
    new WebDriverWait(browser.driver(), Duration.ofSeconds(10))
        .until(ExpectedConditions.stalenessOf(pageError));
    assertThat(browser.driver().findElement(By.id("error-name")).getText())
        .isEqualTo("'name' is not in the expected form.");
    assertThat(browser.driver().findElement(By.id("param-name")).getAttribute("aria-invalid"))
        .isEqualTo("true");
    browser.screenshot(SCREENSHOTS.resolve("form-error-desktop.png"));
  }

  @Test
  void confirmationIsRequiredBeforeAConfirmedJobStarts() {
    browser.driver().get(base() + "/jobs/confirmed");
    browser.script("document.getElementById('run-form').submit()");
    new WebDriverWait(browser.driver(), Duration.ofSeconds(10))
        .until(d -> d.findElement(By.id("error-_confirmed")).isDisplayed());
    browser.driver().findElement(By.id("param-_confirmed")).click();
    browser.driver().findElement(By.cssSelector("#run-form button[type=submit]")).click();
    new WebDriverWait(browser.driver(), Duration.ofSeconds(10))
        .until(d -> d.getCurrentUrl().contains("/runs/"));
  }

  @Test
  void mainPagesAtPhoneWidth() {
    String runId = api.start("reporter", Map.of());
    awaitState(runId, "succeeded");
    browser.resize(390, 844);
    browser.driver().get(base() + "/");
    browser.screenshot(SCREENSHOTS.resolve("catalog-phone.png"));
    browser.driver().get(base() + "/runs/" + runId);
    waitUntil(Duration.ofSeconds(10), () -> lineCount() >= 5);
    browser.screenshot(SCREENSHOTS.resolve("run-phone.png"));
    browser.driver().get(base() + "/runs");
    browser.screenshot(SCREENSHOTS.resolve("history-phone.png"));
    browser.resize(1280, 900);
    browser.driver().get(base() + "/runs");
    browser.screenshot(SCREENSHOTS.resolve("history-desktop.png"));
    browser.driver().get(base() + "/jobs/validated");
    assertThat(browser.driver().findElement(By.tagName("h1")).getText())
        .isEqualTo("Validated parameters");
    browser.screenshot(SCREENSHOTS.resolve("job-desktop.png"));
  }

  private long lineCount() {
    Object count =
        browser.script("return window.pushbuttonLog ? window.pushbuttonLog.lineCount() : 0");
    return ((Number) count).longValue();
  }

  private String state() {
    return (String) browser.script("return document.getElementById('run-state').dataset.state");
  }

  @SuppressWarnings("unchecked")
  private List<String> lines() {
    return (List<String>)
        browser.script(
            "const l = window.pushbuttonLog; const out = [];"
                + " for (let i = 0; i < l.lineCount(); i++) out.push(l.lineText(i)); return out;");
  }

  private boolean alertShown() {
    try {
      browser.driver().switchTo().alert();
      return true;
    } catch (NoAlertPresentException e) {
      return false;
    }
  }
}
