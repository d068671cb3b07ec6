package dev.pushbutton.output;

import java.util.List;

/** Told of every batch of chunks once they are durably recorded, in sequence order. */
@FunctionalInterface
public interface OutputListener {
  void onOutput(String runId, List<OutputChunk> chunks);
}
