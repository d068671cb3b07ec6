package dev.pushbutton.catalog;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Parameter values that passed validation, one per declared parameter, as the strings the process
 * receives.
 */
public record BoundParameters(Map<String, String> values, Set<String> secretNames) {
  public static final String MASK = "***";

  public BoundParameters {
    values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
    secretNames = Set.copyOf(secretNames);
  }

  /** The secret values by parameter name (empty ones left out): what output must never show. */
  public Map<String, String> secrets() {
    var secrets = new LinkedHashMap<String, String>();
    values.forEach((name, value) -> {
      if (secretNames.contains(name) && !value.isEmpty()) {
        secrets.put(name, value);
      }
    });
    return secrets;
  }

  /** {@code text} with every secret value in it replaced by {@value #MASK}; null stays null. */
  public String hide(String text) {
    if (text == null) {
      return null;
    }
    String hidden = text;
    for (String secret : secrets().values()) {
      hidden = hidden.replace(secret, MASK);
    }
    return hidden;
  }

  /**
   * The values safe to store and show: every secret given replaced by {@value #MASK} (one left
   * empty stays empty, which tells nothing and lets a restarted server know no value is missing).
   */
  public Map<String, String> masked() {
    var shown = new LinkedHashMap<String, String>();
    values.forEach((name, value) ->
        shown.put(name, secretNames.contains(name) && !value.isEmpty() ? MASK : value));
    return shown;
  }
}
