package dev.pushbutton.run;

/**
 * Runs cannot be recorded now: the database refuses writes for a while (its cause says how). A new
 * run is refused with it; changes of runs already going wait instead.
 */
public final class RunStorageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  RunStorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
