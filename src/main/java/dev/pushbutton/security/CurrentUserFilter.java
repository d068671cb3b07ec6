package dev.pushbutton.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Finds who a signed-in request's caller is now, after whichever way they signed in: the user as
 * stored at this moment (a role or group changed since sign-in counts at once), for the controllers
 * ({@link CurrentUserArguments}). A user deleted since they signed in is signed out here, and the
 * request goes on as anonymous, to be refused.
 */
final class CurrentUserFilter extends OncePerRequestFilter {
  static final String USER = CurrentUserFilter.class.getName() + ".user";
  static final String CURRENT = CurrentUserFilter.class.getName() + ".current";

  private final UserStore users;
  private final Rechecks rechecks;
  private final SecurityContextHolderStrategy contexts =
      SecurityContextHolder.getContextHolderStrategy();

  CurrentUserFilter(UserStore users, Rechecks rechecks) {
    this.users = users;
    this.rechecks = rechecks;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Authentication signedIn = contexts.getContext().getAuthentication();
    if (SignedIn.isSignedIn(signedIn)) {
      User user;
      CurrentUser current;
      HttpSession session = request.getSession(false);
      if (signedIn instanceof ApiTokenAuthentication token) {
        user = token.owner(); // looked up with the token, a moment ago
        current = user == null ? null : rechecks.token(token.tokenHash(), user);
      } else {
        user = users.find(signedIn.getName()).orElse(null);
        if (user == null) {
          current = null;
        } else if (session != null
            && session.getAttribute(
                    HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY)
                != null) {
          current = rechecks.session(session.getId(), user); // ends with the session
        } else {
          current = rechecks.signedIn(user); // HTTP Basic
        }
      }
      if (user == null) {
        contexts.clearContext();
        if (session != null) {
          session.invalidate();
        }
      } else {
        request.setAttribute(USER, user);
        request.setAttribute(CURRENT, current);
      }
    }
    chain.doFilter(request, response);
  }
}
