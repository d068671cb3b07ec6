package dev.pushbutton.security;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;

/**
 * A failed sign-in on the form: back to the form with a message; for a user name locked after too
 * many failures, the form again at once with {@code 429} and {@code Retry-After}, as HTTP Basic
 * answers.
 */
final class FormSignInFailure implements AuthenticationFailureHandler {
  /** Where the page with the refusal is rendered (any method: the form's POST is forwarded). */
  static final String REFUSED_PAGE = "/login/refused";

  /** The request attribute holding the refusal's message. */
  static final String MESSAGE = FormSignInFailure.class.getName() + ".message";

  private final AuthenticationFailureHandler otherwise =
      new SimpleUrlAuthenticationFailureHandler("/login?error");

  @Override
  public void onAuthenticationFailure(
      HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
      throws IOException, ServletException {
    if (failure instanceof SignInThrottledException throttled) {
      response.setStatus(429);
      response.setHeader("Retry-After", Long.toString(throttled.retryAfterSeconds()));
      request.setAttribute(MESSAGE, throttled.getMessage());
      request.getRequestDispatcher(REFUSED_PAGE).forward(request, response);
      return;
    }
    otherwise.onAuthenticationFailure(request, response, failure);
  }
}
