package dev.pushbutton.process;

/**
 * The process could not be started; the message is the operating system's reason, for users to
 * read.
 */
public final class LaunchFailedException extends Exception {
  private static final long serialVersionUID = 1L;

  public LaunchFailedException(String message) {
    super(message);
  }
}
