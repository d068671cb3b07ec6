package dev.pushbutton.run;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Told of every {@link RunEvent}, right after its change is stored, on the thread that made it. A
 * listener that throws is logged and does not undo the change: it has happened.
 */
@FunctionalInterface
public interface RunEventListener {
  /** Listens to nothing: what the core is given when nobody keeps a record. */
  RunEventListener NONE = event -> {};

  void onRunEvent(RunEvent event);

  /** All of {@code listeners}, in order, each told even when one before it throws. */
  static RunEventListener all(List<? extends RunEventListener> listeners) {
    List<RunEventListener> each = List.copyOf(listeners);
    if (each.isEmpty()) {
      return NONE;
    }
    Logger log = LoggerFactory.getLogger(RunEventListener.class);
    return event -> {
      for (RunEventListener listener : each) {
        try {
          listener.onRunEvent(event);
        } catch (RuntimeException e) {
          log.warn(
              "a run event listener failed on {} of run {}",
              event.getClass().getSimpleName(),
              event.run().id(),
              e);
        }
      }
    };
  }
}
