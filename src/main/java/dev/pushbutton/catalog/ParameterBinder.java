package dev.pushbutton.catalog;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks the parameter values a user gave against a job's declarations and turns them into the
 * strings the process receives. The server's word is final: the page may check first, but only this
 * decides.
 */
public final class ParameterBinder {
  private static final Pattern INTEGER = Pattern.compile("[+-]?\\d{1,18}");

  private ParameterBinder() {}

  /**
   * @param given the values as decoded from the request (strings, numbers, booleans or null); may
   *     be null
   * @throws InvalidParameterException naming the first parameter that is unknown, missing or
   *     invalid
   */
  public static BoundParameters bind(Job job, Map<String, ?> given) {
    Map<String, ?> values = given == null ? Map.of() : given;
    for (String name : values.keySet()) {
      if (job.param(name).isEmpty()) {
        throw new InvalidParameterException(
            name, "Job '" + job.id() + "' has no parameter named '" + name + "'.");
      }
    }
    var bound = new LinkedHashMap<String, String>();
    var secrets = new HashSet<String>();
    for (ParamSpec spec : job.params()) {
      bound.put(spec.name(), valueOf(spec, values.get(spec.name())));
      if (spec.secret()) {
        secrets.add(spec.name());
      }
    }
    return new BoundParameters(bound, secrets);
  }

  /**
   * The value the process receives for one parameter: the given one, else the default, else empty.
   */
  static String valueOf(ParamSpec spec, Object given) {
    boolean absent = given == null || (given instanceof String s && s.isEmpty());
    if (absent) {
      if (spec.defaultValue() != null) {
        return spec.defaultValue();
      }
      if (spec.required()) {
        throw new InvalidParameterException(spec.name(), label(spec) + " is required.");
      }
      return spec.type() == ParamType.BOOLEAN ? "false" : "";
    }
    return check(spec, given);
  }

  /** The normalised value, or an exception saying why it does not fit the declaration. */
  static String check(ParamSpec spec, Object given) {
    if (!(given instanceof String || given instanceof Number || given instanceof Boolean)) {
      throw invalid(spec, "must be a single value, not a list or an object.");
    }
    String text = given.toString();
    if (text.indexOf('\0') >= 0) {
      throw invalid(spec, "must not contain a NUL character.");
    }
    return switch (spec.type()) {
      case STRING, TEXT, SECRET -> checkText(spec, text);
      case CHOICE -> {
        if (!spec.choices().contains(text)) {
          throw invalid(spec, "must be one of " + String.join(", ", spec.choices()) + ".");
        }
        yield text;
      }
      case BOOLEAN -> {
        if (!text.equals("true") && !text.equals("false")) {
          throw invalid(spec, "must be true or false.");
        }
        yield text;
      }
      case INTEGER -> checkInteger(spec, given, text);
    };
  }

  private static String checkText(ParamSpec spec, String text) {
    int length = text.codePointCount(0, text.length());
    if (spec.minLength() != null && length < spec.minLength()) {
      throw invalid(spec, "must be at least " + spec.minLength() + " characters long.");
    }
    if (spec.maxLength() != null && length > spec.maxLength()) {
      throw invalid(spec, "must be at most " + spec.maxLength() + " characters long.");
    }
    if (spec.pattern() != null && !spec.pattern().matcher(text).matches()) {
      throw invalid(spec, "must match the pattern " + spec.pattern().pattern() + ".");
    }
    return text;
  }

  private static String checkInteger(ParamSpec spec, Object given, String text) {
    long value;
    if (given instanceof Number number) {
      BigDecimal exact = exactly(spec, number);
      if (exact.stripTrailingZeros().scale() > 0) {
        throw invalid(spec, "must be a whole number.");
      }
      try {
        value = exact.longValueExact();
      } catch (ArithmeticException tooBig) {
        throw invalid(spec, "is too large.");
      }
    } else if (INTEGER.matcher(text.trim()).matches()) {
      value = Long.parseLong(text.trim());
    } else {
      throw invalid(spec, "must be a whole number.");
    }
    boolean belowMin = spec.min() != null && value < spec.min();
    boolean aboveMax = spec.max() != null && value > spec.max();
    if (belowMin || aboveMax) {
      throw invalid(spec, "must be " + range(spec) + ".");
    }
    return Long.toString(value);
  }

  /**
   * A JSON number's exact value. JSON has no infinity, but a number past a double's range (1e400)
   * reaches here as one, which BigDecimal cannot hold.
   */
  private static BigDecimal exactly(ParamSpec spec, Number number) {
    boolean infinite =
        (number instanceof Double d && d.isInfinite())
            || (number instanceof Float f && f.isInfinite());
    if (infinite) {
      throw invalid(spec, "is too large.");
    }
    try {
      return new BigDecimal(number.toString());
    } catch (NumberFormatException notANumber) { // NaN, which strict JSON never sends
      throw invalid(spec, "must be a whole number.");
    }
  }

  private static String range(ParamSpec spec) {
    if (spec.min() != null && spec.max() != null) {
      return "between " + spec.min() + " and " + spec.max();
    }
    return spec.min() != null ? "at least " + spec.min() : "at most " + spec.max();
  }

  private static InvalidParameterException invalid(ParamSpec spec, String why) {
    return new InvalidParameterException(spec.name(), label(spec) + " " + why);
  }

  private static String label(ParamSpec spec) {
    return "'" + (spec.label() == null ? spec.name() : spec.label()) + "'";
  }
}
