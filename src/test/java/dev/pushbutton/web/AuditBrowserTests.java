package dev.pushbutton.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushbutton.testing.BrowserTest;
import dev.pushbutton.testing.WebSession;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.web.util.UriComponentsBuilder;

/** The Audit page as an admin uses it, in headless Chromium. */
class AuditBrowserTests extends BrowserTest {

  @Test
  void theFiltersNarrowTheTrailAndTheCsvLinkCarriesThem() {
    var person = newUser("operator", "ops");
    api.put("/api/users/" + person.username(), Map.of("groups", List.of("ops", "support")));
    WebSession.signIn(base(), person.username(), PASSWORD).post("/logout", Map.of());
    String revoked =
        (String) person.api().post("/api/tokens", Map.of("name", "laptop")).json().get("id");
    person.api().delete("/api/tokens/" + revoked);
    api.anonymous().as("mallory-" + port, "guess").get("/api/me");

    browser.driver().get(base() + "/audit");
    assertThat(chain()).matches("Chain intact: \\d+ entries");
    assertThat(
            browser
                .driver()
                .findElement(By.cssSelector("nav[aria-label=Main] a[href='/audit']"))
                .getAttribute("aria-current"))
        .isEqualTo("page");
    assertThat(actions())
        .contains(
            "sign-in.failed",
            "token.revoked",
            "token.created",
            "sign-out",
            "sign-in",
            "user.changed",
            "user.created");
    browser.screenshot(SCREENSHOTS.resolve("audit-desktop.png"));
    for (int i = 0; i < AuditPages.PAGE + 5; i++) {
      person.api().post("/api/tokens", Map.of("name", "token " + i));
    }
    browser.driver().navigate().refresh();

    WebElement actor = browser.driver().findElement(By.name("actor"));
    actor.sendKeys(person.username());
    new Select(browser.driver().findElement(By.name("action"))).selectByValue("token.created");
    // A browser's date-and-time field is typed in the reader's locale; its value is the same
    // everywhere, so the test sets that.
    browser.script("document.querySelector('input[name=since]').value = '2000-01-01T00:00:00'");
    submit();

    assertThat(browser.driver().getCurrentUrl())
        .contains("actor=" + person.username(), "action=token.created", "since=2000-01-01T00");
    assertThat(actors()).hasSize(AuditPages.PAGE).containsOnly(person.username());
    assertThat(actions()).containsOnly("token.created");
    Map<String, String> csv = query(link("audit-csv"));
    assertThat(csv)
        .containsEntry("format", "csv")
        .containsEntry("actor", person.username())
        .containsEntry("action", "token.created")
        .containsEntry("since", "2000-01-01T00:00");

    browser.driver().findElement(By.id("audit-older")).click();
    waitUntil(Duration.ofSeconds(10), () -> browser.driver().getCurrentUrl().contains("before="));
    assertThat(actors())
        .as("the laptop's token and the first five of the loop's")
        .hasSize(6)
        .containsOnly(person.username());
    assertThat(actions()).containsOnly("token.created");
    assertThat(browser.driver().findElements(By.id("audit-older"))).isEmpty();
    assertThat(browser.driver().findElement(By.linkText("Newest")).getAttribute("href"))
        .doesNotContain("before=");

    browser.driver().get(base() + "/audit");
    new Select(browser.driver().findElement(By.name("action"))).selectByValue("sign-in.failed");
    browser.driver().findElement(By.name("actor")).sendKeys("mallory-" + port);
    submit();
    assertThat(actors()).containsExactly("mallory-" + port);
    assertThat(query(link("audit-csv")))
        .containsEntry("actor", "mallory-" + port)
        .doesNotContainKey("since");
  }

  private void submit() {
    String before = browser.driver().getCurrentUrl();
    browser.driver().findElement(By.cssSelector("#audit-filters button[type=submit]")).click();
    waitUntil(Duration.ofSeconds(10), () -> !browser.driver().getCurrentUrl().equals(before));
  }

  private String chain() {
    return browser.driver().findElement(By.id("chain")).getText();
  }

  private List<String> actors() {
    return column("actor");
  }

  private List<String> actions() {
    return column("action");
  }

  private List<String> column(String name) {
    return browser.driver().findElements(By.cssSelector(".audit-table td." + name)).stream()
        .map(WebElement::getText)
        .toList();
  }

  private String link(String id) {
    return browser.driver().findElement(By.id(id)).getAttribute("href");
  }

  private static Map<String, String> query(String href) {
    return UriComponentsBuilder.fromUri(URI.create(href))
        .build(true)
        .getQueryParams()
        .toSingleValueMap()
        .entrySet()
        .stream()
        .collect(
            Collectors.toMap(
                Map.Entry::getKey, e -> URLDecoder.decode(e.getValue(), StandardCharsets.UTF_8)));
  }
}
