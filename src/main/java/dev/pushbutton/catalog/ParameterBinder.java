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
   * @throws InvalidParameterException naming every parameter that is unknown, missing or invalid:
   *     unknown names first (as given), then the declared parameters in the catalog's order, one
   *     sentence each
   */
  public static BoundParameters bind(Job job, Map<String, ?> given) {
    Map<String, ?> values = given == null ? Map.of() : given;
    // Every problem at once, so a person fixes the form in one go instead of one refusal per field.
    var problems = new LinkedHashMap<String, String>();
    for (String name : values.keySet()) {
      if (job.param(name).isEmpty()) {
        problems.put(name, ParamMessages.unknown(job, name));
      }
    }
    var bound = new LinkedHashMap<String, String>();
    var secrets = new HashSet<String>();
    for (ParamSpec spec : job.params()) {
      try {
        bound.put(spec.name(), valueOf(spec, values.get(spec.name())));
      } catch (InvalidParameterException e) {
        problems.put(spec.name(), e.getMessage());
      }
      if (spec.secret()) {
        secrets.add(spec.name());
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidParameterException(problems);
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
        throw invalid(spec, ParamMessages.required(spec));
      }
      return spec.type() == ParamType.BOOLEAN ? "false" : "";
    }
    return check(spec, given);
  }

  /** The normalised value, or an exception saying why it does not fit the declaration. */
  static String check(ParamSpec spec, Object given) {
    if (!(given instanceof String || given instanceof Number || given instanceof Boolean)) {
      throw invalid(spec, ParamMessages.notSingle(spec));
    }
    String text = given.toString();
    if (text.indexOf('\0') >= 0) {
      throw invalid(spec, ParamMessages.hasNul(spec));
    }
    return switch (spec.type()) {
      case STRING, TEXT, SECRET -> checkText(spec, text);
      case CHOICE -> {
        if (!spec.choices().contains(text)) {
          throw invalid(spec, ParamMessages.notAChoice(spec));
        }
        yield text;
      }
      case BOOLEAN -> {
        if (!text.equals("true") && !text.equals("false")) {
          throw invalid(spec, ParamMessages.notTrueOrFalse(spec));
        }
        yield text;
      }
      case INTEGER -> checkInteger(spec, given, text);
    };
  }

  private static String checkText(ParamSpec spec, String text) {
    int length = text.codePointCount(0, text.length());
    if (spec.secret() && length < ParamSpec.MIN_SECRET_LENGTH) {
      throw invalid(spec, ParamMessages.secretTooShort(spec));
    }
    if (spec.minLength() != null && length < spec.minLength()) {
      throw invalid(spec, ParamMessages.tooShort(spec));
    }
    if (spec.maxLength() != null && length > spec.maxLength()) {
      throw invalid(spec, ParamMessages.tooLong(spec));
    }
    if (spec.pattern() != null && !spec.pattern().matcher(text).matches()) {
      throw invalid(spec, ParamMessages.mismatch(spec));
    }
    return text;
  }

  private static String checkInteger(ParamSpec spec, Object given, String text) {
    long value;
    if (given instanceof Number number) {
      BigDecimal exact = exactly(spec, number);
      if (exact.stripTrailingZeros().scale() > 0) {
        throw invalid(spec, ParamMessages.notWhole(spec));
      }
      try {
        value = exact.longValueExact();
      } catch (ArithmeticException tooBig) {
        throw invalid(spec, ParamMessages.tooLarge(spec));
      }
    } else if (INTEGER.matcher(text.trim()).matches()) {
      value = Long.parseLong(text.trim());
    } else {
      throw invalid(spec, ParamMessages.notWhole(spec));
    }
    boolean belowMin = spec.min() != null && value < spec.min();
    boolean aboveMax = spec.max() != null && value > spec.max();
    if (belowMin || aboveMax) {
      throw invalid(spec, ParamMessages.outOfRange(spec));
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
      throw invalid(spec, ParamMessages.tooLarge(spec));
    }
    try {
      return new BigDecimal(number.toString());
    } catch (NumberFormatException notANumber) { // NaN, which strict JSON never sends
      throw invalid(spec, ParamMessages.notWhole(spec));
    }
  }

  private static InvalidParameterException invalid(ParamSpec spec, String sentence) {
    return new InvalidParameterException(spec.name(), sentence);
  }
}
