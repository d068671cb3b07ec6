package dev.pushbutton.api;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.pushbutton.catalog.DurationText;
import dev.pushbutton.catalog.Job;
import dev.pushbutton.run.RunStop;
import java.util.Locale;

/**
 * The answer to a kill: the run as the kill left it (the fields of {@link RunView}), what the kill
 * did ({@code stop}: {@code cancelled}, {@code signalled}, {@code already_stopping} or {@code
 * recorded}) and that in a sentence, so that a stop nothing could carry out is not mistaken for one
 * under way.
 */
record StopView(@JsonUnwrapped RunView run, String stop, String message) {

  static StopView of(RunStop stop, Job job) {
    return new StopView(
        RunView.of(stop.run()),
        stop.effect().name().toLowerCase(Locale.ROOT),
        message(stop.effect(), job));
  }

  private static String message(RunStop.Effect effect, Job job) {
    return switch (effect) {
      case CANCELLED -> "Cancelled: it had not started, and will not.";
      case SIGNALLED ->
          "Stopping: its processes get SIGTERM, and SIGKILL "
              + (job == null
                  ? "if they are still there after the grace period."
                  : "after " + DurationText.words(job.killGrace()) + " if they are still there.");
      case ALREADY_STOPPING -> "It is already being stopped.";
      case RECORDED ->
          "The stop is recorded, but nothing on this server follows this run, so nothing could"
              + " signal it now: it is carried out by the server that follows the run, or that"
              + " takes it up again after a restart.";
    };
  }
}
