package dev.pushbutton.web;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A catalog pattern (a Java regular expression, matched against the whole value) spelled for the
 * browser's {@code new RegExp("^(?:" + p + ")$", "u")}, but only when it means exactly the same
 * there. The page's check must never refuse what the server would take, nor pass what it refuses
 * because of a dialect difference: a pattern this cannot vouch for is left to the server alone.
 *
 * <p>It reads the pattern against a whitelist instead of listing Java's extras to refuse, since an
 * unknown construct is the dangerous case. Allowed: literals; escaped punctuation; {@code \d \D \w
 * \W \b \B} (ASCII in both, as Java 19+ reads {@code \b} and JavaScript does with the u flag and no
 * i flag); {@code \t \n \r \f \xhh} and four-digit {@code u} escapes; Unicode general categories
 * such as {@code \p{L}}; classes with ranges and negation; capturing and {@code (?:)} groups;
 * lookahead; greedy and lazy quantifiers; alternation; a leading {@code ^} and a trailing {@code
 * $}. Where the two spell the same thing differently it rewrites: {@code .} and {@code \s} name
 * Java's own sets (JavaScript's {@code .} takes U+0085, its {@code \s} takes every Unicode space),
 * and escaped punctuation that the u flag refuses ({@code \-} outside a class, {@code \@}) becomes
 * the plain character. Everything else is refused: class intersection and nesting, {@code
 * \p{javaX}} and POSIX names, possessive quantifiers, atomic groups, lookbehind, embedded flags,
 * back-references, {@code \A \Z \z \G \Q..\E \h \v \R \X \c \e \0} and the rest.
 */
final class BrowserPattern {
  /** Java's {@code .}: any character but a line terminator, U+0085 included. */
  private static final String ANY = "[^\\n\\r\\u0085\\u2028\\u2029]";

  /** Java's {@code \s} without UNICODE_CHARACTER_CLASS, as members of a class. */
  private static final String SPACES = " \\t\\n\\x0B\\f\\r";

  /** The characters JavaScript's u flag lets a backslash escape as themselves. */
  private static final String SYNTAX = "^$\\.*+?()[]{}|/";

  /**
   * General categories by their short names, in both dialects. The C group is left out: its
   * unassigned and surrogate members are where two Unicode versions differ most. A character new in
   * one version may still be a letter to one side and not the other; the server's word then counts.
   */
  private static final Set<String> CATEGORIES =
      Set.of(
          "L", "Lu", "Ll", "Lt", "Lm", "Lo", "M", "Mn", "Mc", "Me", "N", "Nd", "Nl", "No", "P",
          "Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "S", "Sm", "Sc", "Sk", "So", "Z", "Zs", "Zl",
          "Zp");

  private final String text;
  private final int end;
  private final StringBuilder out = new StringBuilder();
  private int at;

  private BrowserPattern(String text, int start, int end) {
    this.text = text;
    this.at = start;
    this.end = end;
  }

  /** The pattern as the browser should compile it, or empty when only the server can judge it. */
  static Optional<String> of(Pattern pattern) {
    if (pattern == null || pattern.flags() != 0) {
      return Optional.empty();
    }
    String text = pattern.pattern();
    // A full match already anchors both ends: a ^ before everything and a $ after everything say
    // nothing more. Anywhere else they differ (Java's $ also matches before a final line break).
    int start = text.startsWith("^") ? 1 : 0;
    int end = text.length();
    if (end > start && text.charAt(end - 1) == '$' && !escaped(text, end - 1)) {
      end--;
    }
    try {
      return Optional.of(new BrowserPattern(text, start, end).translate());
    } catch (NotPortable e) {
      return Optional.empty();
    }
  }

  private static boolean escaped(String text, int index) {
    int backslashes = 0;
    for (int i = index - 1; i >= 0 && text.charAt(i) == '\\'; i--) {
      backslashes++;
    }
    return backslashes % 2 == 1;
  }

  private String translate() {
    alternation();
    if (at != end) { // a ')' without its '('
      throw new NotPortable();
    }
    return out.toString();
  }

  private void alternation() {
    sequence();
    while (at < end && text.charAt(at) == '|') {
      out.append('|');
      at++;
      sequence();
    }
  }

  private void sequence() {
    while (at < end && text.charAt(at) != '|' && text.charAt(at) != ')') {
      boolean repeatable = atom();
      quantifier(repeatable);
    }
  }

  /** Appends one atom; true when a quantifier may follow it. */
  private boolean atom() {
    char c = text.charAt(at);
    switch (c) {
      case '(' -> {
        return group();
      }
      case '[' -> {
        characterClass();
        return true;
      }
      case '.' -> {
        at++;
        out.append(ANY);
        return true;
      }
      case '\\' -> {
        return escape();
      }
      // ^ and $ only at the very ends (handled above); a quantifier with nothing to repeat; a lone
      // bracket, which Java takes as a literal and the u flag refuses.
      case '^', '$', '*', '+', '?', '{', '}', ']' -> throw new NotPortable();
      default -> {
        literal(false);
        return true;
      }
    }
  }

  private boolean group() {
    at++;
    boolean lookahead = false;
    if (text.startsWith("?:", at)) {
      out.append("(?:");
      at += 2;
    } else if (text.startsWith("?=", at) || text.startsWith("?!", at)) {
      out.append('(').append(text, at, at + 2);
      at += 2;
      lookahead = true;
    } else if (at < end && text.charAt(at) == '?') {
      throw new NotPortable(); // lookbehind, atomic, named, embedded flags
    } else {
      out.append('(');
    }
    alternation();
    if (at >= end || text.charAt(at) != ')') {
      throw new NotPortable();
    }
    at++;
    out.append(')');
    return !lookahead; // the u flag refuses a quantified lookahead; Java takes it
  }

  private void quantifier(boolean repeatable) {
    if (at >= end) {
      return;
    }
    int from = at;
    char c = text.charAt(at);
    if (c == '*' || c == '+' || c == '?') {
      at++;
    } else if (c == '{') {
      at++;
      digits();
      if (at < end && text.charAt(at) == ',') {
        at++;
        if (at < end && text.charAt(at) != '}') {
          digits();
        }
      }
      if (at >= end || text.charAt(at) != '}') {
        throw new NotPortable();
      }
      at++;
    } else {
      return;
    }
    if (!repeatable) {
      throw new NotPortable();
    }
    if (at < end && text.charAt(at) == '+') {
      throw new NotPortable(); // possessive
    }
    if (at < end && text.charAt(at) == '?') {
      at++; // lazy: the same yes or no for a whole match
    }
    out.append(text, from, at);
  }

  private void digits() {
    int from = at;
    while (at < end && at - from < 9 && isDigit(text.charAt(at))) {
      at++;
    }
    if (at == from || (at < end && isDigit(text.charAt(at)))) {
      throw new NotPortable();
    }
  }

  /** An escape outside a class; true when a quantifier may follow it. */
  private boolean escape() {
    if (at + 1 >= end) {
      throw new NotPortable();
    }
    char c = text.charAt(at + 1);
    at += 2;
    switch (c) {
      case 'd', 'D', 'w', 'W', 't', 'n', 'r', 'f' -> out.append('\\').append(c);
      case 'b', 'B' -> {
        out.append('\\').append(c);
        return false;
      }
      case 's' -> out.append('[').append(SPACES).append(']');
      case 'S' -> out.append("[^").append(SPACES).append(']');
      case 'x', 'u' -> hexEscape(c);
      case 'p', 'P' -> category(c);
      default -> punctuation(c, false);
    }
    return true;
  }

  private void characterClass() {
    out.append('[');
    at++;
    if (at < end && text.charAt(at) == '^') {
      out.append('^');
      at++;
    }
    // Java reads a leading ']' as a literal, JavaScript as the end of an empty class.
    if (at < end && text.charAt(at) == ']') {
      throw new NotPortable();
    }
    boolean first = true;
    while (true) {
      if (at >= end) {
        throw new NotPortable();
      }
      char c = text.charAt(at);
      if (c == ']') {
        at++;
        out.append(']');
        return;
      }
      classMember(first);
      first = false;
    }
  }

  /** One member of a class: a character, a range, or a class escape. */
  private void classMember(boolean first) {
    char c = text.charAt(at);
    if (c == '[' || (c == '&' && text.startsWith("&&", at))) {
      throw new NotPortable(); // Java's union and intersection; plain characters in JavaScript
    }
    if (c == '-') {
      // A dash is a character only first or last; elsewhere each dialect has its own reading.
      boolean last = at + 1 < end && text.charAt(at + 1) == ']';
      if (!first && !last) {
        throw new NotPortable();
      }
      at++;
      out.append("\\-");
      return;
    }
    boolean single = classAtom();
    if (at < end && text.charAt(at) == '-' && at + 1 < end && text.charAt(at + 1) != ']') {
      if (!single) {
        throw new NotPortable(); // a range from \d or \p{L}
      }
      at++;
      out.append('-');
      if (text.charAt(at) == '-' || text.charAt(at) == '[' || !classAtom()) {
        throw new NotPortable();
      }
      if (at < end && text.charAt(at) == '-' && at + 1 < end && text.charAt(at + 1) != ']') {
        throw new NotPortable(); // "a-z-0": a dash right after a range
      }
    }
  }

  /** Appends one class atom; true when it is a single character (so it may bound a range). */
  private boolean classAtom() {
    char c = text.charAt(at);
    if (c != '\\') {
      literal(true);
      return true;
    }
    if (at + 1 >= end) {
      throw new NotPortable();
    }
    char e = text.charAt(at + 1);
    at += 2;
    switch (e) {
      case 'd', 'D', 'w', 'W' -> {
        out.append('\\').append(e);
        return false;
      }
      case 's' -> {
        out.append(SPACES);
        return false;
      }
      case 'p', 'P' -> {
        category(e);
        return false;
      }
      case 't', 'n', 'r', 'f' -> out.append('\\').append(e);
      case 'x', 'u' -> hexEscape(e);
      default -> punctuation(e, true); // \S, \b and the other letters are refused here
    }
    return true;
  }

  /** One literal code point at {@code at}. */
  private void literal(boolean inClass) {
    int cp = text.codePointAt(at);
    if (cp <= Character.MAX_VALUE && Character.isSurrogate((char) cp)) {
      throw new NotPortable(); // half of a pair: each dialect pairs it up its own way
    }
    at += Character.charCount(cp);
    if (inClass && cp == '^') {
      out.append("\\^");
    } else {
      out.appendCodePoint(cp);
    }
  }

  /**
   * A backslash before punctuation means the character itself in Java. The u flag allows the
   * backslash only before its own syntax characters (and '-' in a class), so any other is dropped.
   */
  private void punctuation(char c, boolean inClass) {
    boolean punctuation = c < 128 && !Character.isLetterOrDigit(c) && !Character.isWhitespace(c);
    if (!punctuation) {
      throw new NotPortable();
    }
    if (SYNTAX.indexOf(c) >= 0 || (inClass && c == '-')) {
      out.append('\\').append(c);
    } else {
      out.append(c);
    }
  }

  /** Two hex digits after {@code \x}, or four after a backslash-u: the same in both. */
  private void hexEscape(char kind) {
    int length = kind == 'x' ? 2 : 4;
    if (at + length > end) {
      throw new NotPortable();
    }
    String hex = text.substring(at, at + length);
    if (!hex.chars().allMatch(BrowserPattern::isHex)) {
      throw new NotPortable();
    }
    if (Character.isSurrogate((char) Integer.parseInt(hex, 16))) {
      throw new NotPortable();
    }
    at += length;
    out.append('\\').append(kind).append(hex);
  }

  /** {@code \p{Lu}}: a general category by its short name, braces required. */
  private void category(char kind) {
    int close = text.indexOf('}', at);
    if (at >= end || text.charAt(at) != '{' || close < 0 || close >= end) {
      throw new NotPortable();
    }
    String name = text.substring(at + 1, close);
    if (!CATEGORIES.contains(name)) {
      throw new NotPortable();
    }
    at = close + 1;
    out.append('\\').append(kind).append('{').append(name).append('}');
  }

  private static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isHex(int c) {
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  /** Thrown inside the reader only: the pattern is left to the server. */
  private static final class NotPortable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotPortable() {
      super(null, null, false, false);
    }
  }
}
