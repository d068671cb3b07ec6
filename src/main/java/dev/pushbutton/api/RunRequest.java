package dev.pushbutton.api;

import dev.pushbutton.catalog.InvalidParameterException;
import dev.pushbutton.catalog.ReasonPolicy;
import java.util.Map;

/**
 * Reads the body of a request to start a run: {@code {"params": {"name": "value"}, "reason":
 * "why"}}, every part optional.
 */
final class RunRequest {
  private RunRequest() {}

  static Map<String, ?> params(Map<String, Object> body) {
    if (body == null || body.get("params") == null) {
      return Map.of();
    }
    if (!(body.get("params") instanceof Map<?, ?> params)) {
      throw new InvalidParameterException(
          "params", "'params' must be an object of parameter names to values.");
    }
    @SuppressWarnings("unchecked")
    Map<String, ?> named = (Map<String, ?>) params;
    return named;
  }

  /** The reason given, or null; the job decides whether one is needed. */
  static String reason(Map<String, Object> body) {
    Object reason = body == null ? null : body.get(ReasonPolicy.FIELD);
    if (reason != null && !(reason instanceof String)) {
      throw new InvalidParameterException(ReasonPolicy.FIELD, "The reason must be text.");
    }
    return (String) reason;
  }
}
