package dev.pushbutton.catalog;

/**
 * Words a person types beside a run, such as the reason they ask for it or the comment with their
 * approval: kept without surrounding blanks, never with a NUL (which PostgreSQL cannot store), and
 * at most a number of characters (Unicode code points).
 */
public final class FreeText {
  private FreeText() {}

  /**
   * The text as it is kept; null when none (or only blanks) was given.
   *
   * @param field the field's name, in the API's body and in the refusal's words
   * @throws InvalidParameterException naming {@code field}
   */
  public static String kept(String given, String field, int maxLength) {
    String text = given == null ? "" : given.strip();
    if (text.isEmpty()) {
      return null;
    }
    if (text.indexOf('\0') >= 0) {
      throw new InvalidParameterException(
          field, "The " + field + " must not contain a NUL character.");
    }
    if (text.codePointCount(0, text.length()) > maxLength) {
      throw new InvalidParameterException(field, tooLong(field, maxLength));
    }
    return text;
  }

  /** The refusal of a text longer than {@code maxLength}, as the server and the form say it. */
  public static String tooLong(String field, int maxLength) {
    return "The " + field + " must be at most " + ParamMessages.characters(maxLength) + " long.";
  }
}
