package dev.pushbutton.process;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What a job's process takes from the server's own environment: an allowlist, never the whole. The
 * server is often started with its database password, an OpenID client secret or the first admin's
 * password in its environment, and a job (which anyone allowed to run it can make print {@code
 * env}) must not see them. A job gets the variables a program needs to behave as on a login shell
 * ({@link #ALWAYS}, and every {@code LC_*}), plus what an operator names in {@code
 * pushbutton.jobs.pass-env}; the run's own variables, the catalog's {@code env} and the parameters
 * come on top ({@link JobLaunch#env()}).
 */
public final class InheritedEnvironment {
  /** Passed whenever the server has them. */
  public static final List<String> ALWAYS =
      List.of("PATH", "HOME", "LANG", "TZ", "USER", "LOGNAME", "SHELL", "TMPDIR");

  /** A name, or a prefix ending in {@code *}: what {@code pass-env} may say. */
  private static final Pattern RULE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*\\*?");

  private final Map<String, String> variables;

  private InheritedEnvironment(Map<String, String> variables) {
    this.variables = Collections.unmodifiableMap(variables);
  }

  /**
   * The part of {@code server} a job may see.
   *
   * @param passEnv more names, or prefixes written {@code PREFIX_*}, that an operator lets through
   * @throws IllegalArgumentException naming a rule that is neither
   */
  public static InheritedEnvironment of(Map<String, String> server, List<String> passEnv) {
    var names = new ArrayList<>(ALWAYS);
    var prefixes = new ArrayList<String>();
    prefixes.add("LC_");
    for (String rule : passEnv) {
      String trimmed = rule == null ? "" : rule.strip();
      if (!RULE.matcher(trimmed).matches()) {
        throw new IllegalArgumentException(
            "'"
                + rule
                + "', which is not a variable name or a prefix such as MYAPP_* (letters, digits and"
                + " underscores, not starting with a digit, and at most one * at the end)");
      }
      if (trimmed.endsWith("*")) {
        prefixes.add(trimmed.substring(0, trimmed.length() - 1));
      } else {
        names.add(trimmed);
      }
    }
    var passed = new TreeMap<String, String>();
    server.forEach((name, value) -> {
      if (names.contains(name) || prefixes.stream().anyMatch(name::startsWith)) {
        passed.put(name, value);
      }
    });
    return new InheritedEnvironment(passed);
  }

  /** The server's own environment, filtered. */
  public static InheritedEnvironment ofServer(List<String> passEnv) {
    return of(System.getenv(), passEnv);
  }

  /** Sorted by name; unmodifiable. */
  public Map<String, String> variables() {
    return variables;
  }
}
