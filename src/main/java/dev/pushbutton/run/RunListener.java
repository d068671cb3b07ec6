package dev.pushbutton.run;

/** Told of every recorded change of a run, after it is stored. */
@FunctionalInterface
public interface RunListener {
  void onRunChanged(Run run);
}
