package dev.pushbutton.catalog;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One declared parameter of a job.
 *
 * @param defaultValue the default as the catalog gave it, already checked against the type; null
 *     when none
 * @param patternMessage what the pattern allows, in words, for the sentence refusing a value that
 *     does not match; null when the catalog gives none
 */
public record ParamSpec(
    String name,
    String label,
    ParamType type,
    boolean required,
    String defaultValue,
    String help,
    Pattern pattern,
    String patternMessage,
    Integer minLength,
    Integer maxLength,
    Long min,
    Long max,
    List<String> choices) {
  /**
   * The shortest secret value taken: a shorter one cannot be starred out of a job's output without
   * garbling it, since it would match inside ordinary words.
   */
  public static final int MIN_SECRET_LENGTH = 4;

  public ParamSpec {
    choices = choices == null ? List.of() : List.copyOf(choices);
  }

  /** The pattern as written in the catalog; null when there is none. */
  public String patternText() {
    return pattern == null ? null : pattern.pattern();
  }

  /** Whether a run needs a value from the user: required, with no default to fall back on. */
  public boolean needsValue() {
    return required && defaultValue == null;
  }

  public boolean secret() {
    return type == ParamType.SECRET;
  }

  /** The environment variable every job process receives this parameter as. */
  public String envName() {
    return "PARAM_" + name.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
  }
}
