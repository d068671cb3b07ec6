package dev.pushbutton.catalog;

/** A parameter value a user gave cannot be used; {@link #field()} names the parameter. */
public final class InvalidParameterException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String field;

  public InvalidParameterException(String field, String message) {
    super(message);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
