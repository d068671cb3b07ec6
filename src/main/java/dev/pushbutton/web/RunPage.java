package dev.pushbutton.web;

import dev.pushbutton.catalog.Job;
import dev.pushbutton.catalog.ParamSpec;
import dev.pushbutton.run.Run;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What the run page says about a run besides its outcome: its name, parameters, prompts. */
final class RunPage {
  private RunPage() {}

  /** A parameter as the page lists it: the label the form showed, and the value. */
  record Parameter(String label, String value) {}

  /**
   * The run's id as people quote it: the last eight characters, which are random (the first ones of
   * a time-ordered id are the same for every run of a minute).
   */
  static String shortId(String runId) {
    return runId.length() <= 8 ? runId : runId.substring(runId.length() - 8);
  }

  /**
   * How much of the end of the log the page's viewer reads first: enough lines to fill any screen
   * and scroll a little, small enough to arrive and draw at once (about 2,800 lines of 90 bytes).
   */
  static final int TAIL_BYTES = 256 * 1024;

  /**
   * Where the viewer reads the end of the log: named in the page's head as well, so that the
   * browser asks for it while it reads the page (see the API's {@code ?tail=}).
   */
  static String logTail(String runId) {
    return "/api/runs/" + runId + "/log?tail=" + TAIL_BYTES;
  }

  /** The run's values under their labels, in the order the job declares them. */
  static List<Parameter> parameters(Job job, Run run) {
    var shown = new ArrayList<Parameter>();
    for (Map.Entry<String, String> e : run.params().entrySet()) {
      String label =
          job == null ? e.getKey() : job.param(e.getKey()).map(ParamSpec::label).orElse(e.getKey());
      shown.add(new Parameter(label, e.getValue()));
    }
    return shown;
  }

  /** Null {@code job}: it has left the catalog, and its grace time with it. */
  static String stopPrompt(Job job) {
    String when = job == null ? "soon after" : Words.duration(job.killGrace()) + " later";
    return "Stop this run? The job is asked to stop, and ended " + when + " if it has not.";
  }

  /**
   * "Waiting for the run before it (2nd in line)", from the run's place counting the runs ahead of
   * it; null once it no longer waits.
   */
  static String waitingWords(int place) {
    if (place <= 0) {
      return null;
    }
    int ahead = place - 1;
    String waitingFor =
        switch (ahead) {
          case 0 -> "About to start";
          case 1 -> "Waiting for the run before it";
          default -> "Waiting for the " + ahead + " runs before it";
        };
    return waitingFor + " (" + Words.ordinal(place) + " in line)";
  }
}
