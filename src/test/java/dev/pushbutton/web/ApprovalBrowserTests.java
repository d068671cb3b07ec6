package dev.pushbutton.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushbutton.testing.Browser;
import dev.pushbutton.testing.BrowserTest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Four eyes in headless Chromium: an approver finds the run on the Approvals page (counted in the
 * top bar), approves it from the run page, and the run starts; the history and a run page someone
 * else has open follow approvals and rejections live.
 */
class ApprovalBrowserTests extends BrowserTest {

  /** Runs other tests left awaiting would crowd the Approvals page: they are cancelled. */
  @BeforeEach
  void nothingElseAwaits() {
    for (var run : api.get("/api/runs?state=awaiting_approval&limit=500").jsonList()) {
      api.post("/api/runs/" + run.get("id") + "/kill", Map.of());
    }
  }

  @Test
  void anApproverFindsTheRunOnTheApprovalsPageAndApprovesItFromTheRunPage() {
    Person ada = newUser("operator");
    Person lead = newUser("viewer", "leads");
    String runId =
        ada.api()
            .post(
                "/api/jobs/needs-approval/runs",
                Map.of(
                    "params",
                    Map.of("target", "production"),
                    "reason",
                    "Release 2.4.1: the fix for the checkout timeouts (OPS-1432)"))
            .json()
            .get("id")
            .toString();

    // The admin watches the history: the run's badge moves without a reload.
    browser.driver().get(base() + "/runs?jobId=needs-approval");
    WebElement row = rowOf(browser, runId);
    assertThat(row.findElement(By.cssSelector(".badge")).getText()).isEqualTo("Awaiting approval");
    browser.script("window.notReloaded = true;");

    try (Browser approver = Browser.open()) {
      approver.signIn(base(), lead.username(), PASSWORD);
      approver.driver().get(base() + "/");
      WebElement link = approver.driver().findElement(By.id("approvals-link"));
      assertThat(link.getText()).startsWith("Approvals");
      assertThat(approver.driver().findElement(By.id("approvals-count")).getText()).contains("1");
      link.click();
      wait(approver).until(d -> d.getCurrentUrl().endsWith("/approvals"));
      WebElement card =
          approver
              .driver()
              .findElement(By.cssSelector(".approval-card[data-run-id='" + runId + "']"));
      assertThat(card.getText())
          .contains("Needs one approval", ada.username(), "OPS-1432", "Target", "production");
      approver.screenshot(SCREENSHOTS.resolve("approvals-desktop.png"));

      card.findElement(By.cssSelector(".approval-job a")).click();
      wait(approver).until(d -> d.findElements(By.id("decide-form")).size() == 1);
      assertThat(approver.driver().findElement(By.id("approval-needed")).getText())
          .contains("Needs 1 more approval from leads.");
      assertThat(approver.driver().findElement(By.id("run-reason")).getText()).contains("OPS-1432");
      approver.driver().findElement(By.id("decision-comment")).sendKeys("Checked the diff; go.");
      approver.screenshot(SCREENSHOTS.resolve("approval-run-desktop.png"));
      approver.driver().findElement(By.id("approve-button")).click();

      wait(approver).until(d -> "Succeeded".equals(d.findElement(By.id("run-state")).getText()));
      assertThat(approver.driver().findElement(By.id("approval-decisions")).getText())
          .contains("Approved by " + lead.username(), "Checked the diff; go.");
      assertThat(approver.driver().findElements(By.id("decide-form"))).isEmpty();
      assertThat(approver.driver().findElement(By.id("run-outcome")).getText())
          .contains("Finished successfully");
      approver.driver().get(base() + "/");
      assertThat(approver.driver().findElements(By.id("approvals-count")))
          .as("nothing left to decide")
          .isEmpty();
    }

    waitUntil(
        Duration.ofSeconds(20),
        () ->
            "Succeeded"
                .equals(rowOf(browser, runId).findElement(By.cssSelector(".badge")).getText()));
    assertThat(browser.script("return window.notReloaded === true")).isEqualTo(true);
  }

  @Test
  void aRunPageOpenElsewhereShowsTheRejectionAsItHappens() {
    Person ada = newUser("operator");
    Person carol = newUser("viewer", "leads");
    String runId = ada.api().start("needs-approval", Map.of());

    browser.driver().get(base() + "/runs/" + runId);
    waitUntil(
        Duration.ofSeconds(10),
        () ->
            "awaiting_approval"
                    .equals(browser.driver().findElement(By.id("log")).getAttribute("data-state"))
                || "Awaiting approval"
                    .equals(browser.driver().findElement(By.id("run-state")).getText()));
    assertThat(browser.driver().findElement(By.id("kill-button")).getText()).isEqualTo("Cancel");
    assertThat(browser.driver().findElements(By.id("decide-form")))
        .as("the admin approves nothing")
        .isEmpty();

    carol.api().post("/api/runs/" + runId + "/reject", Map.of("comment", "Not on a Friday."));

    waitUntil(
        Duration.ofSeconds(20),
        () -> "Rejected".equals(browser.driver().findElement(By.id("run-state")).getText()));
    waitUntil(
        Duration.ofSeconds(10),
        () ->
            browser
                .driver()
                .findElement(By.id("run-outcome"))
                .getText()
                .contains("Rejected by " + carol.username() + ": Not on a Friday."));
    waitUntil(
        Duration.ofSeconds(10),
        () ->
            browser.driver().findElements(By.id("approval-decisions")).size() == 1
                && browser
                    .driver()
                    .findElement(By.id("approval-decisions"))
                    .getText()
                    .contains("Rejected by " + carol.username()));
    assertThat(browser.driver().findElement(By.id("kill-form")).isDisplayed()).isFalse();
  }

  private static WebElement rowOf(Browser browser, String runId) {
    return browser.driver().findElement(By.cssSelector("tr[data-run-id='" + runId + "']"));
  }

  private static WebDriverWait wait(Browser browser) {
    return new WebDriverWait(browser.driver(), Duration.ofSeconds(20));
  }
}
