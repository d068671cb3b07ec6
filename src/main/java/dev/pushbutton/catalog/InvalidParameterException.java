package dev.pushbutton.catalog;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parameter values a user gave cannot be used. {@link #problems()} names every parameter at fault
 * with its sentence, so a form can mark them all at once; {@link #field()} and the message are the
 * first of them, as callers that know only one field have always read them.
 */
public final class InvalidParameterException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  // A LinkedHashMap, not a Map: the order is the promise, and the field must be serializable.
  private final LinkedHashMap<String, String> problems;

  public InvalidParameterException(String field, String message) {
    super(message);
    this.problems = new LinkedHashMap<>();
    this.problems.put(field, message);
  }

  /**
   * @param problems each parameter at fault with the sentence saying why, first problem first; not
   *     empty
   */
  public InvalidParameterException(Map<String, String> problems) {
    super(first(problems).getValue());
    this.problems = new LinkedHashMap<>(problems);
  }

  private static Map.Entry<String, String> first(Map<String, String> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("an invalid parameter needs at least one problem");
    }
    return problems.entrySet().iterator().next();
  }

  /** The first parameter at fault. */
  public String field() {
    return problems.keySet().iterator().next();
  }

  /** Every parameter at fault and why, in the order they were found. */
  public Map<String, String> problems() {
    return Collections.unmodifiableMap(problems);
  }
}
