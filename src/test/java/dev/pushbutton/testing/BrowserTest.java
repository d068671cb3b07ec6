package dev.pushbutton.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.support.ui.WebDriverWait;

/** A test that drives headless Chromium against the server, signed in as the admin. */
public abstract class BrowserTest extends ServerTest {
  /** Where browser tests leave the screenshots the docs show. */
  protected static final Path SCREENSHOTS = Path.of("docs/screenshots");

  protected Browser browser;

  @BeforeEach
  void openBrowser() {
    browser = Browser.open();
    browser.signIn(base(), "admin", ADMIN_PASSWORD);
  }

  @AfterEach
  void closeBrowser() {
    if (browser != null) {
      browser.close();
    }
  }

  protected String base() {
    return "http://127.0.0.1:" + port;
  }

  /** Looks every 10 ms, so that a test timing the page measures the page, not its polling. */
  protected void waitUntil(Duration limit, BooleanSupplier condition) {
    new WebDriverWait(browser.driver(), limit)
        .pollingEvery(Duration.ofMillis(10))
        .until(d -> condition.getAsBoolean());
  }
}
