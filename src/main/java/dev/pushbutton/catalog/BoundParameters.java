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

  /** The values safe to store and show: every secret replaced by {@value #MASK}. */
  public Map<String, String> masked() {
    var shown = new LinkedHashMap<String, String>();
    values.forEach((name, value) -> shown.put(name, secretNames.contains(name) ? MASK : value));
    return shown;
  }
}
