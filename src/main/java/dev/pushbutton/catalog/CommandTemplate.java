package dev.pushbutton.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills {@code {{name}}} placeholders in a job's argv. Each value lands inside the one argv element
 * that held its placeholder and is never split, quoted or interpreted: this is what keeps
 * parameters from injecting shell code.
 */
public final class CommandTemplate {
  private static final Pattern PLACEHOLDER =
      Pattern.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_-]*)\\s*}}");

  private CommandTemplate() {}

  public static List<String> render(List<String> command, Map<String, String> values) {
    var argv = new ArrayList<String>(command.size());
    for (String element : command) {
      Matcher matcher = PLACEHOLDER.matcher(element);
      argv.add(
          matcher.replaceAll(m -> Matcher.quoteReplacement(values.getOrDefault(m.group(1), ""))));
    }
    return argv;
  }

  /** The parameter names an argv refers to. */
  static Set<String> placeholders(List<String> command) {
    var names = new TreeSet<String>();
    for (String element : command) {
      PLACEHOLDER.matcher(element).results().forEach(m -> names.add(m.group(1)));
    }
    return names;
  }
}
