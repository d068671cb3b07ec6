package dev.pushbutton.api;

import dev.pushbutton.catalog.InvalidParameterException;
import java.util.Map;

/**
 * Reads the body of a request to start a run: {@code {"params": {"name": "value"}}}, every part
 * optional.
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
}
