package dev.pushbutton.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code Authorization: Bearer <token>}: lets the request in as the token's owner, or refuses it at
 * once when the token is not (or no longer) valid. The authentication lasts for this request only:
 * a script gets no session.
 */
final class BearerTokenFilter extends OncePerRequestFilter {
  private static final String SCHEME = "Bearer ";

  private final ApiTokens tokens;
  private final AuthenticationEntryPoint refusal;
  private final SecurityContextHolderStrategy contexts =
      SecurityContextHolder.getContextHolderStrategy();
  private final SecurityContextRepository requestContexts =
      new RequestAttributeSecurityContextRepository();

  BearerTokenFilter(ApiTokens tokens, AuthenticationEntryPoint refusal) {
    this.tokens = tokens;
    this.refusal = refusal;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String header = request.getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      chain.doFilter(request, response);
      return;
    }
    String secret = header.substring(SCHEME.length()).strip();
    String hash = ApiTokens.hash(secret);
    var owned =
        ApiTokens.looksLikeToken(secret) ? tokens.byHash(hash) : Optional.<TokenStore.Owned>empty();
    if (owned.isEmpty()) {
      contexts.clearContext();
      refusal.commence(
          request,
          response,
          new BadCredentialsException(
              "The API token is not valid: it was revoked, it expired, or it never existed."));
      return;
    }
    var context = contexts.createEmptyContext();
    context.setAuthentication(new ApiTokenAuthentication(owned.get().owner(), hash));
    contexts.setContext(context);
    // Kept with the request, not in a session: a response streamed later (the raw log) is finished
    // in an async dispatch, which must find the caller signed in too.
    requestContexts.saveContext(context, request, response);
    chain.doFilter(request, response);
  }
}
