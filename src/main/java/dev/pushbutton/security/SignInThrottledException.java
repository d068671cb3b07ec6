package dev.pushbutton.security;

import java.time.Duration;
import org.springframework.security.core.AuthenticationException;

/** A sign-in refused unchecked: its user name failed too often in a row. */
final class SignInThrottledException extends AuthenticationException {
  private static final long serialVersionUID = 1L;
  private final Duration retryAfter;

  SignInThrottledException(Duration retryAfter) {
    super(
        "Too many failed sign-ins for this user name; try again in "
            + seconds(retryAfter)
            + " seconds.");
    this.retryAfter = retryAfter;
  }

  /** Whole seconds until attempts may resume, rounded up (for Retry-After). */
  long retryAfterSeconds() {
    return seconds(retryAfter);
  }

  private static long seconds(Duration duration) {
    return Math.max(1, (duration.toMillis() + 999) / 1000);
  }
}
