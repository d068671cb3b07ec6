package dev.pushbutton.api;

import dev.pushbutton.catalog.InvalidParameterException;
import dev.pushbutton.run.RunApprovals;
import java.util.Map;

/** Reads the body of an approval or a rejection: {@code {"comment": "..."}}, all optional. */
final class DecisionRequest {
  private DecisionRequest() {}

  /** The comment given, or null; its length is the core's to check. */
  static String comment(Map<String, Object> body) {
    Object comment = body == null ? null : body.get(RunApprovals.COMMENT_FIELD);
    if (comment != null && !(comment instanceof String)) {
      throw new InvalidParameterException(RunApprovals.COMMENT_FIELD, "The comment must be text.");
    }
    return (String) comment;
  }
}
