package dev.pushbutton.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which catalog patterns the page may check itself, and how it spells them. Whether the browser
 * then agrees with Java on real values is FormBrowserTests' business.
 */
class BrowserPatternTests {

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource(
      delimiter = '→',
      ignoreLeadingAndTrailingWhitespace = false,
      quoteCharacter = '"',
      textBlock =
          """
          [a-z]+→[a-z]+
          [A-Za-z][A-Za-z .-]*→[A-Za-z][A-Za-z .\\-]*
          [a-z0-9][a-z0-9._-]*→[a-z0-9][a-z0-9._\\-]*
          [-a-z]+→[\\-a-z]+
          [^-]*→[^\\-]*
          \\d{3}-\\d{4}→\\d{3}-\\d{4}
          \\w+@\\w+\\.com→\\w+@\\w+\\.com
          (?:ab|cd)+x?→(?:ab|cd)+x?
          (a|b){2,}c{1,3}?→(a|b){2,}c{1,3}?
          ^abc$→abc
          a\\$→a\\$
          a\\\\$→a\\\\
          \\-\\@\\#→-@#
          [\\-\\]\\[]→[\\-\\]\\[]
          [x^]→[x\\^]
          (?!admin)[a-z]+→(?!admin)[a-z]+
          \\bword\\b→\\bword\\b
          \\x41\\u00e9→\\x41\\u00e9
          [\\x41-\\x5A]+→[\\x41-\\x5A]+
          \\p{L}+\\P{Lu}→\\p{L}+\\P{Lu}
          [\\p{L}\\d ]+→[\\p{L}\\d ]+
          a.c→a[^\\n\\r\\u0085\\u2028\\u2029]c
          \\s+\\S→[ \\t\\n\\x0B\\f\\r]+[^ \\t\\n\\x0B\\f\\r]
          [\\s,]+→[ \\t\\n\\x0B\\f\\r,]+
          é😀+→é😀+
          a|→a|
          """)
  void aPatternWithTheSameMeaningInTheBrowserIsSpelledForIt(String java, String browser) {
    assertThat(BrowserPattern.of(Pattern.compile(java))).contains(browser);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "[a-z&&[^e]]+", // intersection
        "[a[bc]]", // a nested class (union)
        "[]a]", // Java's literal ']' first, JavaScript's empty class
        "[a-z-0]", // a dash right after a range
        "[\\d-z]", // a range from a class escape
        "[\\S]", // \S inside a class cannot be spelled out
        "\\p{javaLowerCase}+",
        "\\p{Alpha}+", // ASCII in Java, Unicode Alphabetic in JavaScript
        "\\p{IsLatin}+",
        "\\p{Cn}",
        "\\pL",
        "a++", // possessive
        "a{2}+",
        "(?>a|ab)c", // atomic group
        "(?<=a)b", // lookbehind
        "(?<!a)b",
        "(?<name>a)",
        "(?i)abc", // embedded flag
        "a(?i:b)",
        "\\Aabc\\z",
        "abc\\Z",
        "\\Gabc",
        "\\Qa.b\\E",
        "(a)\\1", // back-reference
        "(?<x>a)\\k<x>",
        "\\0101", // octal
        "\\x{41}",
        "\\cA",
        "\\e",
        "\\a",
        "\\v", // vertical whitespace in Java, one character in JavaScript
        "\\h",
        "\\R",
        "\\X",
        "\\N{LATIN SMALL LETTER A}",
        "(?!admin$)[a-z]+", // $ not at the very end
        "a$b",
        "a$|b",
        "(a$)",
        "a^b",
        "(?=a)*b", // a quantified lookahead, refused by the u flag
        "\\b+",
        "a]", // a lone bracket: a literal to Java, an error to the u flag
        "a}",
        "\\ ", // an escaped space
        "\\é",
        "\\uD83D\\uDE00", // surrogates by escape
        "a{1234567890}",
      })
  void aPatternOnlyTheServerCanJudgeIsLeftToIt(String java) {
    assertThat(BrowserPattern.of(Pattern.compile(java))).as(java).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(ints = {Pattern.CASE_INSENSITIVE, Pattern.COMMENTS, Pattern.DOTALL})
  void aPatternCompiledWithFlagsIsLeftToTheServer(int flags) {
    assertThat(BrowserPattern.of(Pattern.compile("[a-z]+", flags))).isEmpty();
  }
}
