package dev.pushbutton.security;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;

/**
 * A request let in by a personal API token: it acts as the token's owner. Kept for the request
 * only, never in a session.
 */
final class ApiTokenAuthentication extends AbstractAuthenticationToken {
  private static final long serialVersionUID = 1L;
  private final transient User owner;
  private final String tokenHash;

  ApiTokenAuthentication(User owner, String tokenHash) {
    super(List.of());
    this.owner = owner;
    this.tokenHash = tokenHash;
    setAuthenticated(true);
  }

  User owner() {
    return owner;
  }

  /** To ask again later whether the token still holds (a stream outlives its request). */
  String tokenHash() {
    return tokenHash;
  }

  @Override
  public String getName() {
    return owner.username();
  }

  @Override
  public Object getCredentials() {
    return null;
  }

  @Override
  public Object getPrincipal() {
    return owner.username();
  }
}
