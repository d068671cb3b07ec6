package dev.pushbutton.run;

import dev.pushbutton.catalog.BoundParameters;
import dev.pushbutton.catalog.InvalidParameterException;
import dev.pushbutton.catalog.Job;
import dev.pushbutton.catalog.ParameterBinder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a request to start a run gave, checked against its job: the parameter values and the reason.
 */
record RunInput(BoundParameters values, String reason) {
  /**
   * @throws InvalidParameterException naming every problem at once: the parameters' (in the form's
   *     order), then the reason's
   */
  static RunInput checked(Job job, Map<String, ?> given, String reason) {
    var problems = new LinkedHashMap<String, String>();
    BoundParameters values = null;
    String why = null;
    try {
      values = ParameterBinder.bind(job, given);
    } catch (InvalidParameterException e) {
      problems.putAll(e.problems());
    }
    try {
      why = job.reason().check(reason);
    } catch (InvalidParameterException e) {
      problems.putAll(e.problems());
    }
    if (!problems.isEmpty()) {
      throw new InvalidParameterException(problems);
    }
    return new RunInput(values, why);
  }
}
