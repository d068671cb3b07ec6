package dev.pushbutton.system;

/**
 * The ground Pushbutton stands on is bad (a data directory it cannot write, a catalog it cannot
 * read): the message is the one sentence the operator sees, naming the path and the reason, and
 * {@link CannotStartFailureAnalyzer} shows it without a stack trace.
 */
final class CannotStartException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** How every such sentence begins, so an operator can search a journal for it. */
  static final String PREFIX = "Pushbutton cannot start: ";

  private final String action;

  /**
   * @param problem what is wrong, naming the path and the reason, without the prefix
   * @param action what the operator can do about it
   */
  CannotStartException(String problem, String action) {
    super(PREFIX + problem + ".");
    this.action = action;
  }

  String action() {
    return action;
  }
}
