package dev.pushbutton.security;

import dev.pushbutton.catalog.InvalidParameterException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the fields of a request body (JSON or a form, as a map) with a message naming the field for
 * anything that does not fit: the one reading of user and token input, for the API and the pages
 * alike.
 */
final class Fields {
  private final Map<String, ?> body;

  Fields(Map<String, ?> body, Set<String> known, String what) {
    this.body = body == null ? Map.of() : body;
    for (String key : this.body.keySet()) {
      if (!known.contains(key)) {
        throw new InvalidParameterException(
            key,
            "'"
                + key
                + "' is not a field of "
                + what
                + " (known: "
                + String.join(", ", new TreeSet<>(known))
                + ").");
      }
    }
  }

  boolean has(String field) {
    return body.containsKey(field);
  }

  /** The text of {@code field}, stripped of nothing; null when absent or null. */
  String text(String field, int maxLength) {
    Object value = body.get(field);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String text)) {
      throw new InvalidParameterException(field, "'" + field + "' must be a string.");
    }
    if (text.codePointCount(0, text.length()) > maxLength) {
      throw new InvalidParameterException(
          field, "'" + field + "' must be at most " + maxLength + " characters.");
    }
    return text;
  }

  /** A name shown to people: one line, no control characters; null when absent or blank. */
  String name(String field, int maxLength) {
    String text = text(field, maxLength);
    if (text == null || text.isBlank()) {
      return null;
    }
    if (text.chars().anyMatch(Character::isISOControl)) {
      throw new InvalidParameterException(
          field, "'" + field + "' must be one line without control characters.");
    }
    return text.strip();
  }

  String required(String field, int maxLength) {
    String text = name(field, maxLength);
    if (text == null) {
      throw new InvalidParameterException(field, "'" + field + "' is required.");
    }
    return text;
  }

  /** A list of names; a form may send them as one text, separated by commas. */
  Set<String> names(String field, int maxLength) {
    Object value = body.get(field);
    if (value == null) {
      return Set.of();
    }
    List<?> items;
    if (value instanceof String text) {
      items = List.of(text.split(","));
    } else if (value instanceof List<?> list) {
      items = list;
    } else {
      throw new InvalidParameterException(field, "'" + field + "' must be a list of names.");
    }
    var names = new ArrayList<String>();
    for (Object item : items) {
      if (!(item instanceof String text)
          || text.codePointCount(0, text.length()) > maxLength
          || text.chars().anyMatch(Character::isISOControl)) {
        throw new InvalidParameterException(
            field,
            "each of '" + field + "' must be a name of at most " + maxLength + " characters.");
      }
      if (!text.isBlank()) {
        names.add(text.strip());
      }
    }
    return Set.copyOf(names);
  }

  /** A whole number from {@code min} to {@code max}; null when absent or null. */
  Integer wholeNumber(String field, int min, int max) {
    Object value = body.get(field);
    if (value == null || (value instanceof String text && text.isBlank())) {
      return null;
    }
    long number;
    if (value instanceof Integer || value instanceof Long || value instanceof Short) {
      number = ((Number) value).longValue();
    } else if (value instanceof String text && text.strip().matches("[0-9]{1,9}")) {
      number = Long.parseLong(text.strip());
    } else {
      number = Long.MIN_VALUE;
    }
    if (number < min || number > max) {
      throw new InvalidParameterException(
          field, "'" + field + "' must be a whole number from " + min + " to " + max + ".");
    }
    return (int) number;
  }
}
