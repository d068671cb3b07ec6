package dev.pushbutton.catalog;

import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads one parameter declaration of a job and checks it makes sense (its default fits its own
 * rules).
 */
final class ParamSpecReader {
  private ParamSpecReader() {}

  static ParamSpec read(YamlMap map) {
    map.allowOnly(CatalogLoader.paramKeys(), "a parameter");
    String name = map.requiredString("name");
    if (!CatalogLoader.paramNamePattern().matcher(name).matches()) {
      throw map.error("name", "parameter name '" + name + "' must be letters, digits, '_' or '-'.");
    }
    ParamType type = type(map);
    List<String> choices = map.strings("choices");
    if (type == ParamType.CHOICE && choices.isEmpty()) {
      throw map.error("type", "parameter '" + name + "' is a choice but lists no 'choices'.");
    }
    Long minLength = map.integer("min-length");
    Long maxLength = map.integer("max-length");
    var spec =
        new ParamSpec(
            name,
            map.string("label", name),
            type,
            map.bool("required", false),
            null,
            map.string("help", null),
            pattern(map),
            patternMessage(map),
            minLength == null ? null : minLength.intValue(),
            maxLength == null ? null : maxLength.intValue(),
            map.integer("min"),
            map.integer("max"),
            choices);
    String defaultValue = map.string("default", null);
    if (defaultValue == null) {
      return spec;
    }
    try {
      defaultValue = ParameterBinder.check(spec, defaultValue);
    } catch (InvalidParameterException e) {
      throw map.error(
          "default", "the default of parameter '" + name + "' does not fit: " + e.getMessage());
    }
    return new ParamSpec(
        spec.name(),
        spec.label(),
        spec.type(),
        spec.required(),
        defaultValue,
        spec.help(),
        spec.pattern(),
        spec.patternMessage(),
        spec.minLength(),
        spec.maxLength(),
        spec.min(),
        spec.max(),
        spec.choices());
  }

  private static ParamType type(YamlMap map) {
    String text = map.string("type", "string");
    for (ParamType type : ParamType.values()) {
      if (type.yamlName().equals(text)) {
        return type;
      }
    }
    throw map.error(
        "type",
        "parameter type must be string, text, choice, boolean, integer or secret, not '"
            + text
            + "'.");
  }

  /** Words only make sense beside a pattern they describe, and empty words would say nothing. */
  private static String patternMessage(YamlMap map) {
    String text = map.string("pattern-message", null);
    if (text == null) {
      return null;
    }
    if (!map.has("pattern")) {
      throw map.error(
          "pattern-message", "'pattern-message' describes a 'pattern', but none is given.");
    }
    if (text.isBlank()) {
      throw map.error(
          "pattern-message", "'pattern-message' must say in words what the pattern allows.");
    }
    return text.strip();
  }

  private static Pattern pattern(YamlMap map) {
    String text = map.string("pattern", null);
    if (text == null) {
      return null;
    }
    try {
      return Pattern.compile(text);
    } catch (PatternSyntaxException e) {
      throw map.error(
          "pattern", "the pattern is not a valid regular expression: " + e.getDescription());
    }
  }
}
