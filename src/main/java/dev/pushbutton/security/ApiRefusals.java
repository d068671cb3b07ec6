package dev.pushbutton.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfException;
import tools.jackson.databind.json.JsonMapper;

/**
 * How the API refuses a request before it reaches a controller, in the API's own JSON: {@code 401}
 * with {@code WWW-Authenticate} for a caller who has not signed in (or whose token or password is
 * wrong), {@code 429} with {@code Retry-After} for a user name locked after failed sign-ins, and
 * {@code 403} for a browser request without its CSRF token.
 */
final class ApiRefusals implements AuthenticationEntryPoint, AccessDeniedHandler {
  static final String REALM = "realm=\"Pushbutton\"";

  private final JsonMapper json;

  ApiRefusals(JsonMapper json) {
    this.json = json;
  }

  @Override
  public void commence(
      HttpServletRequest request, HttpServletResponse response, AuthenticationException refused)
      throws IOException {
    if (refused instanceof SignInThrottledException throttled) {
      response.setHeader("Retry-After", Long.toString(throttled.retryAfterSeconds()));
      write(response, 429, throttled.getMessage());
      return;
    }
    response.setHeader("WWW-Authenticate", challenge(request));
    String message =
        refused == null || refused.getMessage() == null || isUnspecific(refused)
            ? "Sign in first: HTTP Basic with your user name and password, or"
                + " 'Authorization: Bearer <API token>'."
            : refused.getMessage();
    write(response, HttpServletResponse.SC_UNAUTHORIZED, message);
  }

  @Override
  public void handle(
      HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
      throws IOException {
    if (!SignedIn.isSignedIn() && request.getHeader("Authorization") == null) {
      // A caller with no credentials at all meets the CSRF check first; their problem is that
      // they have not signed in.
      commence(request, response, null);
      return;
    }
    String message =
        denied instanceof CsrfException
            ? "This request came with the browser's session but without the page's CSRF token."
                + " Scripts should sign in with HTTP Basic or an API token instead."
            : "You may not do this.";
    write(response, HttpServletResponse.SC_FORBIDDEN, message);
  }

  /**
   * Basic and Bearer for scripts; only Bearer for a page's own requests (fetch, EventSource), so
   * that a browser whose session ended shows no password dialog over the page.
   */
  private static String challenge(HttpServletRequest request) {
    String mode = request.getHeader("Sec-Fetch-Mode");
    boolean pageRequest = mode != null && !mode.equals("navigate");
    return pageRequest ? "Bearer " + REALM : "Basic " + REALM + ", Bearer " + REALM;
  }

  /** Spring Security's own words for "nobody signed in", which say nothing to a person. */
  private static boolean isUnspecific(AuthenticationException refused) {
    return refused instanceof InsufficientAuthenticationException
        || refused instanceof AuthenticationCredentialsNotFoundException;
  }

  private void write(HttpServletResponse response, int status, String message) throws IOException {
    response.setStatus(status);
    response.setContentType(MediaType.APPLICATION_JSON_VALUE);
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.getOutputStream().write(json.writeValueAsBytes(Map.of("error", message)));
  }
}
