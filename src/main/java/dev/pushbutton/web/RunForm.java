package dev.pushbutton.web;

import dev.pushbutton.catalog.BoundParameters;
import dev.pushbutton.catalog.InvalidParameterException;
import dev.pushbutton.catalog.Job;
import dev.pushbutton.catalog.ParamSpec;
import dev.pushbutton.catalog.ParamType;
import dev.pushbutton.catalog.ParameterBinder;
import dev.pushbutton.catalog.ReasonPolicy;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.util.MultiValueMap;

/** Reads a submitted run form into parameter values, the way the JSON API would receive them. */
final class RunForm {
  /** The name of the confirmation checkbox a job with {@code confirm} shows. */
  static final String CONFIRM_FIELD = "_confirmed";

  /** What the page says when that box is left unticked. */
  static final String CONFIRM_MESSAGE = "Tick this box to confirm.";

  /** The id of that checkbox. */
  static final String CONFIRM_INPUT = "param-_confirmed";

  /**
   * The name of the reason's text area: not {@code reason}, which a job's own parameter may be
   * called.
   */
  static final String REASON_FIELD = "_reason";

  /** The id of that text area. */
  static final String REASON_INPUT = "param-_reason";

  private RunForm() {}

  /**
   * Every declared parameter with its submitted text. An unticked checkbox sends nothing, so a
   * boolean absent from the form is false, not its default.
   */
  static Map<String, Object> values(Job job, MultiValueMap<String, String> form) {
    var values = new LinkedHashMap<String, Object>();
    for (ParamSpec spec : job.params()) {
      if (spec.type() == ParamType.BOOLEAN) {
        values.put(spec.name(), form.containsKey(spec.name()) ? "true" : "false");
      } else {
        values.put(spec.name(), form.getFirst(spec.name()));
      }
    }
    return values;
  }

  /** The reason the form sent; null when it has no reason field or sent nothing. */
  static String reason(MultiValueMap<String, String> form) {
    return form.getFirst(REASON_FIELD);
  }

  /**
   * Every parameter the values would be refused for, and the reason if it would be, without
   * starting anything: for a form refused for another reason first, so it can still name all its
   * faults at once.
   */
  static Map<String, String> problems(Job job, Map<String, Object> values, String reason) {
    var problems = new LinkedHashMap<String, String>();
    try {
      ParameterBinder.bind(job, values);
    } catch (InvalidParameterException e) {
      problems.putAll(e.problems());
    }
    try {
      job.reason().check(reason);
    } catch (InvalidParameterException e) {
      problems.putAll(e.problems());
    }
    return onPage(job, problems);
  }

  /**
   * The server's refusals keyed as the form's fields are named: the reason's under {@value
   * #REASON_FIELD}.
   */
  static Map<String, String> onPage(Job job, Map<String, String> problems) {
    if (!job.reason().asks() || !problems.containsKey(ReasonPolicy.FIELD)) {
      return problems;
    }
    var keyed = new LinkedHashMap<String, String>();
    problems.forEach((field, message) ->
        keyed.put(field.equals(ReasonPolicy.FIELD) ? REASON_FIELD : field, message));
    return keyed;
  }

  /** The values to show again in the form: never a secret. */
  static Map<String, String> shownValues(Job job, Map<String, ?> values) {
    var shown = new LinkedHashMap<String, String>();
    for (ParamSpec spec : job.params()) {
      Object value = values.get(spec.name());
      if (!spec.secret() && value != null && !BoundParameters.MASK.equals(value)) {
        shown.put(spec.name(), value.toString());
      }
    }
    return shown;
  }
}
