package dev.pushbutton.catalog;

import java.util.Locale;

/**
 * Whether a job asks the person starting a run why they do it ({@code reason: required} or {@code
 * optional} in the catalog; by default it does not ask). A reason given to a job that asks none is
 * kept all the same: a script that always says why should not be refused for it, and whoever reads
 * the history later is only helped by it.
 */
public enum ReasonPolicy {
  /** No field on the form; a reason sent anyway is kept. */
  NONE,
  /** A field on the form, which may stay empty. */
  OPTIONAL,
  /** A run without a reason is refused. */
  REQUIRED;

  /** The longest reason kept, in characters (Unicode code points). */
  public static final int MAX_LENGTH = 500;

  /** The name of the reason in the API's body and its refusals. */
  public static final String FIELD = "reason";

  public static final String REQUIRED_MESSAGE = "Please say why you are running this.";
  public static final String TOO_LONG_MESSAGE = FreeText.tooLong(FIELD, MAX_LENGTH);

  public String yamlName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether the form asks for a reason. */
  public boolean asks() {
    return this != NONE;
  }

  /**
   * The reason as it is kept (without surrounding blanks; null when none was given), or a refusal
   * naming the field {@value #FIELD}.
   *
   * @param given the reason as sent; null when none was
   */
  public String check(String given) {
    String text = FreeText.kept(given, FIELD, MAX_LENGTH);
    if (text == null && this == REQUIRED) {
      throw new InvalidParameterException(FIELD, REQUIRED_MESSAGE);
    }
    return text;
  }
}
