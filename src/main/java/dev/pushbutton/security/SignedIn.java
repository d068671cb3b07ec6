package dev.pushbutton.security;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** Whether the request at hand comes from someone signed in, in whatever way. */
final class SignedIn {
  private SignedIn() {}

  static boolean isSignedIn() {
    return isSignedIn(
        SecurityContextHolder.getContextHolderStrategy().getContext().getAuthentication());
  }

  static boolean isSignedIn(Authentication authentication) {
    return authentication != null
        && authentication.isAuthenticated()
        && !(authentication instanceof AnonymousAuthenticationToken);
  }
}
