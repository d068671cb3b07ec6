package dev.pushbutton.audit;

import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationFailureLockedEvent;
import org.springframework.security.authentication.event.InteractiveAuthenticationSuccessEvent;
import org.springframework.security.authentication.event.LogoutSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.client.authentication.OAuth2LoginAuthenticationToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Sign-ins, refusals and sign-outs, from the application events Spring Security publishes ({@code
 * security}'s configuration hands its authentication managers a publisher).
 */
final class SignInAudit {
  private static final int MAX_NAME = 100;
  private static final int MAX_REASON = 200;
  private static final String UNKNOWN = "(unknown)";

  private final AuditTrail trail;

  SignInAudit(AuditTrail trail) {
    this.trail = trail;
  }

  /**
   * A sign-in on the form or through an OpenID provider: one a person makes, once per session. HTTP
   * Basic is left out on purpose: a script signs in with it on every request, which would bury
   * everything else; Spring Security announces those as plain authentication successes, which
   * nothing here listens to. A script's failures are recorded, below.
   */
  @EventListener
  void signedIn(InteractiveAuthenticationSuccessEvent event) {
    Authentication signedIn = event.getAuthentication();
    var details = new LinkedHashMap<String, Object>();
    if (signedIn instanceof OAuth2AuthenticationToken oidc) {
      details.put("via", "oidc");
      details.put("provider", oidc.getAuthorizedClientRegistrationId());
    } else {
      details.put("via", "form");
    }
    trail.record(signedIn.getName(), AuditAction.SIGN_IN, signedIn.getName(), details);
  }

  /**
   * A refused sign-in, on the form, through an OpenID provider or with HTTP Basic: the actor is the
   * name tried, as the server read it. A refusal of a name already locked after failures is not
   * recorded: each failure that led to the lock was, and such a refusal costs the server nothing,
   * so recording it would let anyone grow the trail as fast as they can send requests.
   */
  @EventListener
  void refused(AbstractAuthenticationFailureEvent event) {
    if (event instanceof AuthenticationFailureLockedEvent) {
      return;
    }
    Authentication attempt = event.getAuthentication();
    var details = new LinkedHashMap<String, Object>();
    String tried;
    if (attempt instanceof OAuth2LoginAuthenticationToken oidc) {
      // Refused before anyone here knew a name for them (the reason may say it).
      tried = UNKNOWN;
      details.put("via", "oidc");
      details.put("provider", oidc.getClientRegistration().getRegistrationId());
    } else {
      tried = tried(attempt == null ? null : attempt.getName());
      details.put("via", basic() ? "http-basic" : "form");
    }
    details.put("reason", reason(event.getException()));
    trail.record(tried, AuditAction.SIGN_IN_FAILED, tried, details);
  }

  @EventListener
  void signedOut(LogoutSuccessEvent event) {
    String name = event.getAuthentication().getName();
    trail.record(name, AuditAction.SIGN_OUT, name, Map.of());
  }

  /** Whether the refused password came with HTTP Basic: only it sends one in a header. */
  private static boolean basic() {
    if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes request) {
      HttpServletRequest http = request.getRequest();
      String authorization = http.getHeader("Authorization");
      return authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6);
    }
    return false;
  }

  /**
   * A name as typed, as the server read it (trimmed, lower case), cut short and without control
   * characters: whoever fails to sign in chooses it.
   */
  static String tried(String name) {
    String normalized = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
    if (normalized.isEmpty()) {
      return UNKNOWN;
    }
    String cut =
        normalized.length() > MAX_NAME ? normalized.substring(0, MAX_NAME) + "…" : normalized;
    return cut.replaceAll("\\p{Cntrl}", "?");
  }

  private static String reason(AuthenticationException refusal) {
    String reason = refusal.getMessage();
    if (refusal instanceof OAuth2AuthenticationException oidc) {
      reason =
          oidc.getError().getDescription() != null
              ? oidc.getError().getDescription()
              : oidc.getError().getErrorCode();
    }
    if (reason == null || reason.isBlank()) {
      reason = refusal.getClass().getSimpleName();
    }
    return reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) + "…" : reason;
  }
}
