package dev.pushbutton.security;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Checks a user name and password, for the sign-in form and HTTP Basic alike: the throttle first (a
 * locked name is refused unchecked), then the credential, by bcrypt unless this node verified the
 * very same pair in the last minute. The authentication it gives holds only the name: no password
 * or hash goes into a session.
 */
final class PasswordSignIn implements AuthenticationProvider {
  private static final Logger LOG = LoggerFactory.getLogger(PasswordSignIn.class);
  private static final String WRONG = "Wrong user name or password.";

  private final UserStore users;
  private final PasswordEncoder encoder;
  private final SignInThrottle throttle;
  private final VerifiedCredentials verified;
  private final boolean enabled;
  // Checked against when there is no such user, so that an unknown name takes as long as a known
  // one and the answer's timing does not tell which names exist.
  private volatile String decoy;

  PasswordSignIn(
      UserStore users,
      PasswordEncoder encoder,
      SignInThrottle throttle,
      VerifiedCredentials verified,
      boolean enabled) {
    this.users = users;
    this.encoder = encoder;
    this.throttle = throttle;
    this.verified = verified;
    this.enabled = enabled;
  }

  @Override
  public Authentication authenticate(Authentication request) throws AuthenticationException {
    String username = User.normalize(request.getName());
    String password = request.getCredentials() == null ? "" : request.getCredentials().toString();
    if (!enabled) {
      throw new BadCredentialsException("Signing in with a password is turned off here.");
    }
    SignInThrottle.Attempt attempt = throttle.attempt(username);
    var refusal = attempt.refusal();
    if (refusal.isPresent()) {
      LOG.info(
          "sign-in as '{}'{} refused: locked after failures", printable(username), from(request));
      throw new SignInThrottledException(refusal.get());
    }
    if (!verified.holds(username, password)) {
      if (!matches(username, password)) {
        int count = attempt.failed();
        LOG.info(
            "sign-in as '{}'{} failed ({} in a row)", printable(username), from(request), count);
        throw new BadCredentialsException(WRONG);
      }
      attempt.succeeded();
      verified.remember(username, password);
    }
    return UsernamePasswordAuthenticationToken.authenticated(username, null, List.of());
  }

  private boolean matches(String username, String password) {
    String hash =
        users
            .find(username)
            .filter(User::isLocal)
            .flatMap(user -> users.passwordHash(user.username()))
            .orElse(null);
    if (hash == null) {
      encoder.matches(password, decoy());
      return false;
    }
    return encoder.matches(password, hash);
  }

  private String decoy() {
    String hash = decoy;
    if (hash == null) {
      hash = encoder.encode("not anybody's password");
      decoy = hash;
    }
    return hash;
  }

  @Override
  public boolean supports(Class<?> authentication) {
    return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
  }

  private static String from(Authentication request) {
    return request.getDetails() instanceof WebAuthenticationDetails details
        ? " from " + details.getRemoteAddress()
        : "";
  }

  /** A name as typed, safe to log: no line breaks to forge entries with, and not too long. */
  static String printable(String name) {
    String cut = name.length() > 100 ? name.substring(0, 100) + "…" : name;
    return cut.replaceAll("\\p{Cntrl}", "?");
  }
}
