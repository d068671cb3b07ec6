package dev.pushbutton.catalog;

/**
 * The sentences that say why a value does not fit a parameter. The server's refusals and the run
 * form's own checks both take their words from here, so a person reads the same sentence whichever
 * of the two caught the mistake.
 */
public final class ParamMessages {
  private ParamMessages() {}

  public static String required(ParamSpec spec) {
    return label(spec) + " is required.";
  }

  public static String notWhole(ParamSpec spec) {
    return label(spec) + " must be a whole number.";
  }

  public static String tooLarge(ParamSpec spec) {
    return label(spec) + " is too large.";
  }

  /** Null when the parameter has neither {@code min} nor {@code max}. */
  public static String outOfRange(ParamSpec spec) {
    if (spec.min() == null && spec.max() == null) {
      return null;
    }
    String range =
        spec.min() != null && spec.max() != null
            ? "between " + spec.min() + " and " + spec.max()
            : spec.min() != null ? "at least " + spec.min() : "at most " + spec.max();
    return label(spec) + " must be " + range + ".";
  }

  /** Null when the parameter has no {@code min-length}. */
  public static String tooShort(ParamSpec spec) {
    return spec.minLength() == null
        ? null
        : label(spec) + " must be at least " + characters(spec.minLength()) + " long.";
  }

  /** A secret shorter than {@link ParamSpec#MIN_SECRET_LENGTH}. */
  public static String secretTooShort(ParamSpec spec) {
    return label(spec)
        + " must be at least "
        + characters(ParamSpec.MIN_SECRET_LENGTH)
        + " long: a shorter secret cannot be hidden in the job's output.";
  }

  /** Null when the parameter has no {@code max-length}. */
  public static String tooLong(ParamSpec spec) {
    return spec.maxLength() == null
        ? null
        : label(spec) + " must be at most " + characters(spec.maxLength()) + " long.";
  }

  /**
   * Why a value does not match the parameter's pattern, in words: its {@code pattern-message}, else
   * its {@code help}. Never the regular expression, which few people can read. Null when the
   * parameter has no pattern.
   */
  public static String mismatch(ParamSpec spec) {
    if (spec.pattern() == null) {
      return null;
    }
    String said = label(spec) + " is not in the expected form.";
    String words = spec.patternMessage() != null ? spec.patternMessage() : spec.help();
    return words == null || words.isBlank() ? said : said + " " + sentence(words.strip());
  }

  public static String notAChoice(ParamSpec spec) {
    return label(spec) + " must be one of " + String.join(", ", spec.choices()) + ".";
  }

  static String notTrueOrFalse(ParamSpec spec) {
    return label(spec) + " must be true or false.";
  }

  static String notSingle(ParamSpec spec) {
    return label(spec) + " must be a single value, not a list or an object.";
  }

  static String hasNul(ParamSpec spec) {
    return label(spec) + " must not contain a NUL character.";
  }

  static String unknown(Job job, String name) {
    return "Job '" + job.id() + "' has no parameter named '" + name + "'.";
  }

  /** "1 character", "40 characters". */
  public static String characters(int count) {
    return count + (count == 1 ? " character" : " characters");
  }

  private static String sentence(String words) {
    char last = words.charAt(words.length() - 1);
    return last == '.' || last == '!' || last == '?' ? words : words + ".";
  }

  private static String label(ParamSpec spec) {
    return "'" + (spec.label() == null ? spec.name() : spec.label()) + "'";
  }
}
