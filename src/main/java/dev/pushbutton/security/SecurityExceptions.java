package dev.pushbutton.security;

/** Why a request about users, tokens or access was refused; each maps to one HTTP status. */
public final class SecurityExceptions {
  private SecurityExceptions() {}

  /** The caller may see the thing but may not do this to it. */
  public static final class Forbidden extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public Forbidden(String message) {
      super(message);
    }
  }

  /** No such user or token (or none the caller may see). */
  public static final class NotFound extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NotFound(String message) {
      super(message);
    }
  }

  /** The change conflicts with what is there: a name taken, the last admin. */
  public static final class Conflict extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String field;

    public Conflict(String field, String message) {
      super(message);
      this.field = field;
    }

    /** The field at fault; null when none is. */
    public String field() {
      return field;
    }
  }
}
