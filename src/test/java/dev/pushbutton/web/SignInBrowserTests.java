package dev.pushbutton.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushbutton.testing.Browser;
import dev.pushbutton.testing.ServerTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Signing in, the account menu, tokens, users and a view-only job, as people see them in Chromium.
 */
class SignInBrowserTests extends ServerTest {
  private static final Path SCREENSHOTS = Path.of("docs/screenshots");

  private Browser browser;

  @BeforeEach
  void openBrowser() {
    browser = Browser.open();
  }

  @AfterEach
  void closeBrowser() {
    if (browser != null) {
      browser.close();
    }
  }

  @Test
  void aPageAskedForLeadsToTheSignInPageAndBackAfterAWrongThenRightPassword() {
    browser.driver().get(base() + "/runs?state=succeeded");
    waitFor(d -> d.getCurrentUrl().endsWith("/login"));
    browser.screenshot(SCREENSHOTS.resolve("sign-in-desktop.png"));
    signIn("admin", "not the password");
    waitFor(d -> d.getCurrentUrl().endsWith("/login?error"));
    assertThat(browser.driver().findElement(By.id("sign-in-problem")).getText())
        .isEqualTo("Wrong user name or password.");
    browser.resize(390, 844);
    browser.screenshot(SCREENSHOTS.resolve("sign-in-phone.png"));
    browser.resize(1280, 900);

    signIn("admin", ADMIN_PASSWORD);
    waitFor(d -> d.getCurrentUrl().contains("/runs?state=succeeded"));
    assertThat(browser.driver().findElement(By.tagName("h1")).getText()).isEqualTo("History");

    browser.driver().findElement(By.cssSelector(".account summary")).click();
    browser.screenshot(SCREENSHOTS.resolve("account-menu-desktop.png"));
    browser.driver().findElement(By.cssSelector(".account-menu button[type=submit]")).click();
    waitFor(d -> d.getCurrentUrl().endsWith("/login?signedOut"));
    browser.driver().get(base() + "/");
    waitFor(d -> d.getCurrentUrl().endsWith("/login"));
  }

  @Test
  void aTokenIsMadeOnItsPageAndShownOnce() {
    browser.signIn(base(), "admin", ADMIN_PASSWORD);
    browser.driver().get(base() + "/account/tokens");
    browser.driver().findElement(By.id("name")).sendKeys("nightly backup script");
    browser.driver().findElement(By.cssSelector(".admin-form button[type=submit]")).click();
    waitFor(d -> !d.findElements(By.id("new-token")).isEmpty());
    String token = browser.driver().findElement(By.id("new-token")).getText();
    assertThat(token).startsWith("pb_");
    assertThat(api.anonymous().withToken(token).get("/api/me").json())
        .containsEntry("username", "admin");
    browser.screenshot(SCREENSHOTS.resolve("tokens-desktop.png"));
    browser.driver().get(base() + "/account/tokens");
    assertThat(browser.driver().getPageSource())
        .contains("nightly backup script")
        .doesNotContain(token);
  }

  @Test
  void anAdminAddsAUserWhoThenSeesOnlyWhatTheirGroupsAllow() {
    browser.signIn(base(), "admin", ADMIN_PASSWORD);
    browser.driver().get(base() + "/users");
    String name = "sam-" + port;
    browser.driver().findElement(By.id("username")).sendKeys(name);
    browser.driver().findElement(By.id("password")).sendKeys(PASSWORD);
    browser.driver().findElement(By.id("displayName")).sendKeys("Sam from support");
    browser.driver().findElement(By.cssSelector("#role option[value=operator]")).click();
    browser.driver().findElement(By.id("groups")).sendKeys("support");
    browser.driver().findElement(By.cssSelector(".admin-form button[type=submit]")).click();
    waitFor(d -> d.getPageSource().contains("Sam from support"));
    browser.screenshot(SCREENSHOTS.resolve("users-desktop.png"));

    String running = api.start("ops-deploy", Map.of());
    try {
      try (Browser sam = Browser.open()) {
        sam.signIn(base(), name, PASSWORD);
        assertThat(sam.driver().findElements(By.cssSelector("[data-job-id=ops-deploy]")))
            .hasSize(1);
        assertThat(sam.driver().findElements(By.cssSelector("[data-job-id=ops-report]"))).isEmpty();
        assertThat(
                sam.driver().findElements(By.cssSelector("[data-job-id=ops-deploy] .card-actions")))
            .isEmpty();
        sam.driver().get(base() + "/runs/" + running);
        new WebDriverWait(sam.driver(), Duration.ofSeconds(10))
            .until(d -> d.getPageSource().contains("deploying"));
        assertThat(sam.driver().findElements(By.id("kill-form"))).isEmpty();
        sam.screenshot(SCREENSHOTS.resolve("run-view-only-desktop.png"));
        sam.driver().get(base() + "/jobs/ops-report");
        assertThat(sam.driver().findElement(By.tagName("h1")).getText()).isEqualTo("Not found");
      }
    } finally {
      api.post("/api/runs/" + running + "/kill", Map.of());
    }
  }

  private void signIn(String username, String password) {
    browser.driver().findElement(By.id("username")).clear();
    browser.driver().findElement(By.id("username")).sendKeys(username);
    browser.driver().findElement(By.id("password")).sendKeys(password);
    browser.driver().findElement(By.cssSelector(".sign-in-form button[type=submit]")).click();
  }

  private void waitFor(
      java.util.function.Function<org.openqa.selenium.WebDriver, Boolean> condition) {
    new WebDriverWait(browser.driver(), Duration.ofSeconds(10)).until(condition::apply);
  }

  private String base() {
    return "http://127.0.0.1:" + port;
  }
}
