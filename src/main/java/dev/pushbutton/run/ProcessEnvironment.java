package dev.pushbutton.run;

import dev.pushbutton.catalog.BoundParameters;
import dev.pushbutton.catalog.Job;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The run's own variables, which its process gets on top of the little it inherits from the
 * server's environment ({@code process}'s {@code InheritedEnvironment}): who started it and what,
 * the catalog's {@code env}, and the parameters.
 */
final class ProcessEnvironment {
  private ProcessEnvironment() {}

  static Map<String, String> of(Run run, Job job, BoundParameters values) {
    var env = new LinkedHashMap<String, String>();
    if (job.tty()) {
      env.put("TERM", "xterm-256color");
    } else {
      // Python buffers a pipe's output in 8 KB blocks; a log that arrives in bursts defeats
      // watching it live.
      env.put("PYTHONUNBUFFERED", "1");
    }
    env.put("PUSHBUTTON_JOB_ID", job.id());
    if (run.startedBy() != null) {
      env.put("PUSHBUTTON_STARTED_BY", run.startedBy());
    }
    env.putAll(job.env());
    job.params().forEach(spec -> env.put(spec.envName(), values.values().get(spec.name())));
    return env;
  }
}
