package dev.pushbutton.web;

import dev.pushbutton.catalog.Job;
import dev.pushbutton.catalog.ParamMessages;
import dev.pushbutton.catalog.ParamSpec;
import dev.pushbutton.catalog.ParamType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One parameter as the run form shows it: its value, the server's word on it, the limits said
 * before anyone gets them wrong, and what the page's script needs to check it as the server will
 * (the same sentences, the pattern in the browser's dialect when it has one).
 *
 * @param value what the field holds: the value sent, else the default
 * @param error the server's sentence refusing the value; null when it was not refused
 * @param browserPattern the pattern as the browser's RegExp reads it; null when there is none or
 *     only the server can judge it
 */
public record ParamField(ParamSpec spec, String value, String error, String browserPattern) {

  static List<ParamField> of(Job job, Map<String, String> values, Map<String, String> errors) {
    var fields = new ArrayList<ParamField>();
    for (ParamSpec spec : job.params()) {
      String value = values.getOrDefault(spec.name(), spec.defaultValue());
      String pattern = BrowserPattern.of(spec.pattern()).orElse(null);
      fields.add(new ParamField(spec, value, errors.get(spec.name()), pattern));
    }
    return fields;
  }

  public String inputId() {
    return "param-" + spec.name();
  }

  public String helpId() {
    return "help-" + spec.name();
  }

  public String hintId() {
    return "hint-" + spec.name();
  }

  public String errorId() {
    return "error-" + spec.name();
  }

  public boolean invalid() {
    return error != null;
  }

  /** The ids of what describes the input, only those the page has. */
  public String describedBy() {
    var ids = new ArrayList<String>();
    if (spec.help() != null) {
      ids.add(helpId());
    }
    if (hint() != null) {
      ids.add(hintId());
    }
    ids.add(errorId());
    return String.join(" ", ids);
  }

  /** "1 to 10", "At most 40 characters": the limits, shown before any error. */
  public String hint() {
    return switch (spec.type()) {
      case INTEGER -> range(spec.min(), spec.max());
      case STRING, TEXT, SECRET -> length(spec.minLength(), spec.maxLength());
      case CHOICE, BOOLEAN -> null;
    };
  }

  private static String range(Long min, Long max) {
    if (min != null && max != null) {
      return min + " to " + max;
    }
    if (min != null) {
      return "At least " + min;
    }
    return max != null ? "At most " + max : null;
  }

  private static String length(Integer min, Integer max) {
    if (min != null && max != null) {
      return min.equals(max)
          ? "Exactly " + ParamMessages.characters(min)
          : min + " to " + max + " characters";
    }
    if (min != null) {
      return "At least " + ParamMessages.characters(min);
    }
    return max != null ? "At most " + ParamMessages.characters(max) : null;
  }

  // The page's script shows these same sentences when it catches a mistake first.

  public String requiredMessage() {
    return spec.needsValue() ? ParamMessages.required(spec) : null;
  }

  public String wholeMessage() {
    return spec.type() == ParamType.INTEGER ? ParamMessages.notWhole(spec) : null;
  }

  public String rangeMessage() {
    return spec.type() == ParamType.INTEGER ? ParamMessages.outOfRange(spec) : null;
  }

  public String tooShortMessage() {
    return ParamMessages.tooShort(spec);
  }

  public String tooLongMessage() {
    return ParamMessages.tooLong(spec);
  }

  public String patternMessage() {
    return browserPattern == null ? null : ParamMessages.mismatch(spec);
  }

  /** A field at fault, as the summary above the form names it. */
  public record Fault(String inputId, String label) {}
}
