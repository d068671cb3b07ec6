package dev.pushbutton.web;

import dev.pushbutton.catalog.Job;
import dev.pushbutton.catalog.ParamMessages;
import dev.pushbutton.catalog.ReasonPolicy;
import java.util.Map;

/**
 * The run form's "Why are you running this?" field, for a job that asks for a reason: its value,
 * the server's word on it, and the server's sentences for the page's own checks.
 *
 * @param value what the field holds: what was sent, else nothing
 * @param error the server's sentence refusing it; null when it was not refused
 */
public record ReasonField(boolean required, String value, String error) {
  /** How the page names the field in the summary of faults. */
  static final String LABEL = "Reason";

  /** Null when the job asks for no reason: the form has no such field. */
  static ReasonField of(Job job, Map<String, String> values, Map<String, String> errors) {
    if (!job.reason().asks()) {
      return null;
    }
    return new ReasonField(
        job.reason() == ReasonPolicy.REQUIRED,
        values.get(RunForm.REASON_FIELD),
        errors.get(RunForm.REASON_FIELD));
  }

  public String name() {
    return RunForm.REASON_FIELD;
  }

  public String inputId() {
    return RunForm.REASON_INPUT;
  }

  public String errorId() {
    return "error-" + RunForm.REASON_FIELD;
  }

  public String hintId() {
    return "hint-" + RunForm.REASON_FIELD;
  }

  public boolean invalid() {
    return error != null;
  }

  public int maxLength() {
    return ReasonPolicy.MAX_LENGTH;
  }

  public String hint() {
    return "At most " + ParamMessages.characters(ReasonPolicy.MAX_LENGTH);
  }

  public String requiredMessage() {
    return required ? ReasonPolicy.REQUIRED_MESSAGE : null;
  }

  public String tooLongMessage() {
    return ReasonPolicy.TOO_LONG_MESSAGE;
  }
}
