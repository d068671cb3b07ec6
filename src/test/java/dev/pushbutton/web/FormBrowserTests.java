package dev.pushbutton.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushbutton.testing.BrowserTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The run form in headless Chromium: it checks what it can exactly as the server will, marks every
 * bad field at once and moves the focus to the first, and a refusal by the server keeps the form at
 * the job's address.
 */
class FormBrowserTests extends BrowserTest {
  private static final String NAME_MESSAGE =
      "'Name' is not in the expected form. Letters, spaces, dots and dashes only, starting with a"
          + " letter.";

  private int greetRunsBefore;

  @Test
  void aBadNameIsCaughtInThePageInTheServersWordsAndAGoodOneRuns() {
    openForm();
    type("name", "1abc");
    type("token", "long-enough");
    run();

    WebElement error = browser.driver().findElement(By.id("error-name"));
    assertThat(error.isDisplayed()).isTrue();
    assertThat(error.getText()).isEqualTo(NAME_MESSAGE);
    assertThat(activeId()).isEqualTo("param-name");
    assertNothingWasSent();

    // Fixing it clears the mark, and a value the server takes is not held back.
    type("name", "Ada Lovelace-King");
    run();
    new WebDriverWait(browser.driver(), Duration.ofSeconds(10))
        .until(d -> d.getCurrentUrl().contains("/runs/"));
    assertThat(runsOfGreet()).isEqualTo(greetRunsBefore + 1);
  }

  @Test
  void everyBadFieldIsMarkedAtOnceAndTheFocusGoesToTheFirst() {
    openForm();
    type("name", "1abc");
    type("times", "11");
    type("note", "ab");
    type("token", "short");
    run();

    assertThat(errorText("name")).isEqualTo(NAME_MESSAGE);
    assertThat(errorText("times")).isEqualTo("'How many times' must be between 1 and 10.");
    assertThat(errorText("note")).isEqualTo("'Note' must be at least 3 characters long.");
    assertThat(errorText("token")).isEqualTo("'API token' must be at least 8 characters long.");
    assertThat(browser.driver().findElement(By.id("error-greeting")).isDisplayed()).isFalse();
    for (String name : List.of("name", "times", "note", "token")) {
      assertThat(input(name).getAttribute("aria-invalid")).as(name).isEqualTo("true");
    }
    assertThat(browser.driver().findElement(By.id("form-errors")).getText())
        .isEqualTo("Please correct 4 fields: Name, How many times, Note, API token");
    assertThat(activeId()).isEqualTo("param-name");
    assertNothingWasSent();

    // The summary's links take the focus to their field.
    browser.driver().findElement(By.cssSelector("#form-errors a[href='#param-note']")).click();
    assertThat(activeId()).isEqualTo("param-note");
  }

  @Test
  void aPatternOnlyTheServerCanJudgeIsLeftToItAndItsRefusalStaysAtTheJob() {
    openForm();
    type("name", "Ada");
    type("token", "long-enough");
    type("code", "abcd"); // (?i)[a-z]{3}: the page cannot check it, so it sends the form
    WebElement before = input("code");
    run();

    // The old page has a hidden error-code too: wait for the server's page to replace it first.
    new WebDriverWait(browser.driver(), Duration.ofSeconds(10))
        .until(ExpectedConditions.stalenessOf(before));
    new WebDriverWait(browser.driver(), Duration.ofSeconds(10))
        .ignoring(StaleElementReferenceException.class)
        .until(d -> d.findElement(By.id("error-code")).isDisplayed());
    assertThat(browser.driver().getCurrentUrl()).isEqualTo(base() + "/jobs/greet");
    assertThat(errorText("code")).isEqualTo("'Code' is not in the expected form. Three letters.");
    assertThat(activeId()).isEqualTo("param-code");
    assertThat(input("name").getAttribute("value")).isEqualTo("Ada");
    assertThat(input("token").getAttribute("value")).isEmpty(); // a secret is never sent back
    assertThat(runsOfGreet()).isEqualTo(greetRunsBefore);
  }

  @Test
  void withThePagesChecksBypassedTheServerMarksEveryFieldAndTheAddressStays() {
    openForm();
    type("name", "1abc");
    type("times", "11");
    type("token", "short");
    WebElement before = input("name");
    // form.submit() fires no submit event: the page's checks never run.
    browser.script("document.getElementById('run-form').submit()");
    new WebDriverWait(browser.driver(), Duration.ofSeconds(10))
        .until(ExpectedConditions.stalenessOf(before));

    assertThat(browser.driver().getCurrentUrl()).isEqualTo(base() + "/jobs/greet");
    assertThat(errorText("name")).isEqualTo(NAME_MESSAGE);
    assertThat(errorText("times")).isEqualTo("'How many times' must be between 1 and 10.");
    assertThat(errorText("token")).isEqualTo("'API token' must be at least 8 characters long.");
    assertThat(browser.driver().findElement(By.id("form-errors")).getText())
        .isEqualTo("Please correct 3 fields: Name, How many times, API token");
    assertThat(activeId()).isEqualTo("param-name");
    assertThat(input("name").getAttribute("value")).isEqualTo("1abc");
    browser.screenshot(SCREENSHOTS.resolve("form-errors-desktop.png"));
    browser.resize(390, 844);
    browser.screenshot(SCREENSHOTS.resolve("form-errors-phone.png"));
    browser.resize(1280, 900);

    // Going to the address again shows the form, not "This address does not accept GET".
    browser.driver().get(browser.driver().getCurrentUrl());
    assertThat(browser.driver().findElements(By.id("run-form"))).hasSize(1);
    assertThat(runsOfGreet()).isEqualTo(greetRunsBefore);
  }

  /**
   * For every pattern the server hands to the page, Chromium's answer on a spread of awkward values
   * is Java's answer: the page never refuses what the server would take, nor the other way round.
   */
  @Test
  void thePageMatchesEveryPatternItIsGivenExactlyAsJavaDoes() {
    List<String> patterns =
        List.of(
            "[A-Za-z][A-Za-z .-]*",
            "[a-z0-9][a-z0-9._-]*",
            "[-a-z]+",
            "[^-]*",
            "\\d{3}-\\d{4}",
            "\\w+@\\w+\\.com",
            "(?:ab|cd)+x?",
            "(a|b){2,}c{1,3}?",
            "^abc$",
            "a\\$",
            "\\-\\@\\#",
            "[\\-\\]\\[]+",
            "[x^]+",
            "(?!admin)[a-z]+",
            "\\bword\\b",
            "\\x41\\u00e9",
            "\\p{L}+\\P{Lu}",
            "[\\p{L}\\d ]+",
            "a.c",
            ".*",
            "\\s+\\S",
            "[\\s,]+",
            "\\W\\D",
            "é😀+",
            "a|");
    List<String> values =
        List.of(
            "",
            "a",
            "abc",
            "ABC",
            "Ada Lovelace",
            "1abc",
            "a-b",
            "a.b",
            "a b",
            "-",
            "--",
            "^",
            "x^",
            "[]",
            "][",
            "a$",
            "a\\",
            "-@#",
            "123-4567",
            "12-34567",
            "x@y.com",
            "x@y.comm",
            "admin",
            "administrator",
            "word",
            "abab",
            "ababcc",
            "ababccc",
            "cdx",
            "Aé",
            "aa",
            "Éa",
            "ÉA",
            "a1 ",
            "a\nc",
            "a\rc",
            "a\u0085c",
            "a\u2028c",
            "abc\n",
            " \tx",
            "\u00a0x",
            "\u2003x",
            "\u000Bx",
            "\u000Cx",
            ",",
            " , ",
            "!1",
            "!x",
            "é😀😀",
            "é😀",
            "é",
            "😀",
            "a",
            "a|");
    List<String> spelled = new ArrayList<>();
    for (String pattern : patterns) {
      spelled.add(
          BrowserPattern.of(Pattern.compile(pattern))
              .orElseThrow(() -> new AssertionError(pattern + " should be portable")));
    }
    browser.driver().get(base() + "/jobs/greet");
    @SuppressWarnings("unchecked")
    var answers =
        (List<List<Boolean>>)
            browser.script(
                "return arguments[0].map((p) => { const r = new RegExp(`^(?:${p})$`, 'u');"
                    + " return arguments[1].map((v) => r.test(v)); });",
                spelled,
                values);
    for (int p = 0; p < patterns.size(); p++) {
      for (int v = 0; v < values.size(); v++) {
        boolean java = Pattern.compile(patterns.get(p)).matcher(values.get(v)).matches();
        assertThat(answers.get(p).get(v))
            .as("%s as %s on [%s]", patterns.get(p), spelled.get(p), values.get(v))
            .isEqualTo(java);
      }
    }
  }

  private void openForm() {
    greetRunsBefore = runsOfGreet();
    browser.driver().get(base() + "/jobs/greet");
    // Set on this page only: still there after a click means the page was never left.
    browser.script("window.stillThisPage = true");
  }

  private void assertNothingWasSent() {
    assertThat(browser.driver().getCurrentUrl()).isEqualTo(base() + "/jobs/greet");
    assertThat(browser.script("return window.stillThisPage === true")).isEqualTo(true);
    assertThat(runsOfGreet()).isEqualTo(greetRunsBefore);
  }

  private void type(String name, String value) {
    WebElement field = input(name);
    field.clear();
    field.sendKeys(value);
  }

  private void run() {
    browser.driver().findElement(By.cssSelector("#run-form button[type=submit]")).click();
  }

  private WebElement input(String name) {
    return browser.driver().findElement(By.id("param-" + name));
  }

  private String errorText(String name) {
    WebElement error = browser.driver().findElement(By.id("error-" + name));
    assertThat(error.isDisplayed()).as("the error beside " + name).isTrue();
    return error.getText();
  }

  private String activeId() {
    return (String) browser.script("return document.activeElement.id");
  }

  private int runsOfGreet() {
    return api.get("/api/runs?jobId=greet").jsonList().size();
  }
}
