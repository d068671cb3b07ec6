package dev.pushbutton.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.config.annotation.authentication.builders.AuthenticationManagerBuilder;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Spring Security's filter chains, one per concern: the pages' assets (open to all, no session),
 * the API (scripts with HTTP Basic or a token, and the pages' own calls with the session) and the
 * pages (a sign-in form, OpenID Connect, sessions). Nothing is served to anyone not signed in but
 * the sign-in page, its assets and {@code /actuator/health}. Who may do what beyond being signed in
 * is {@link JobAccess}'s to decide.
 */
@Configuration(proxyBeanMethods = false)
class WebSecurity {
  /**
   * No script inline or from elsewhere, ever: a job's output is text, never markup. Also on every
   * refusal, since the chains write it.
   */
  static final String CONTENT_POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
          + "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; "
          + "form-action 'self'; frame-ancestors 'none'";

  /**
   * The pages' scripts, styles and icon, at their plain addresses and under a version ({@code
   * /assets/<version>/...}): the same for everyone, signed in or not.
   */
  private static final String[] ASSETS = {
    "/assets/**", "/css/**", "/js/**", "/webjars/**", "/favicon.svg"
  };

  private static final Set<String> SAME_SITE = Set.of("same-origin", "none");

  /**
   * The assets, open to all, in a chain that never looks for a session: the pages' chain would read
   * the signed-in session and its user from the database for each of them and store the session's
   * last access again, and a page asks for a dozen assets at once (the run page's log viewer is a
   * dozen modules). Nothing in an asset depends on who asks.
   */
  @Bean
  @Order(0)
  SecurityFilterChain staticAssets(HttpSecurity http) throws Exception {
    http.securityMatcher(ASSETS)
        .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
        .sessionManagement(
            sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .requestCache(cache -> cache.disable())
        .csrf(csrf -> csrf.disable()); // nothing here changes anything
    headers(http);
    return http.build();
  }

  @Bean
  @Order(1)
  SecurityFilterChain api(
      HttpSecurity http,
      AuthenticationManager passwords,
      ApiTokens tokens,
      UserStore users,
      Rechecks rechecks,
      JsonMapper json)
      throws Exception {
    var refusals = new ApiRefusals(json);
    http.securityMatcher("/api/**", "/actuator/**")
        .authenticationManager(passwords)
        .authorizeHttpRequests(requests ->
            requests
                .requestMatchers("/actuator/health", "/actuator/health/**")
                .permitAll()
                .anyRequest()
                .authenticated())
        .httpBasic(basic -> basic.authenticationEntryPoint(refusals))
        .addFilterBefore(new BearerTokenFilter(tokens, refusals), BasicAuthenticationFilter.class)
        .addFilterBefore(new CurrentUserFilter(users, rechecks), AuthorizationFilter.class)
        .csrf(csrf -> csrf.ignoringRequestMatchers(WebSecurity::isScript))
        .requestCache(cache -> cache.disable())
        .exceptionHandling(exceptions ->
            exceptions.authenticationEntryPoint(refusals).accessDeniedHandler(refusals));
    headers(http);
    return http.build();
  }

  @Bean
  @Order(2)
  SecurityFilterChain pages(
      HttpSecurity http,
      AuthenticationManager passwords,
      UserStore users,
      Rechecks rechecks,
      SecurityProperties properties,
      ObjectProvider<ClientRegistrationRepository> providers,
      OidcSignIn oidc)
      throws Exception {
    var signIn = new LoginUrlAuthenticationEntryPoint(SignInPage.PATH);
    var refused = new AccessDeniedHandlerImpl();
    refused.setErrorPage(SignInPage.DENIED);
    // The chain's own manager holds what oauth2Login adds (the check of the code an OpenID provider
    // sends back) and asks the passwords' manager for the rest. The passwords' manager as the
    // chain's (http.authenticationManager) would leave that code with nobody to check it.
    http.getSharedObject(AuthenticationManagerBuilder.class).parentAuthenticationManager(passwords);
    http.authorizeHttpRequests(requests ->
            requests
                .requestMatchers("/error")
                .permitAll()
                .requestMatchers(SignInPage.PATH, SignInPage.PATH + "/**", SignInPage.DENIED)
                .permitAll()
                .anyRequest()
                .authenticated())
        .addFilterBefore(new CurrentUserFilter(users, rechecks), AuthorizationFilter.class)
        .logout(logout ->
            logout
                .logoutSuccessUrl(SignInPage.PATH + "?signedOut")
                .deleteCookies(SignInPage.SESSION_COOKIE))
        .exceptionHandling(exceptions ->
            exceptions
                .authenticationEntryPoint(signIn)
                .accessDeniedHandler((request, response, denied) -> {
                  if (SignedIn.isSignedIn()) {
                    refused.handle(request, response, denied);
                  } else {
                    signIn.commence(request, response, null); // to the sign-in page
                  }
                }));
    if (properties.localLogin()) {
      http.formLogin(form ->
          form.loginPage(SignInPage.PATH).failureHandler(new FormSignInFailure()).permitAll());
    }
    if (providers.getIfAvailable() != null) {
      http.oauth2Login(login ->
          login
              .loginPage(SignInPage.PATH)
              .userInfoEndpoint(info -> info.oidcUserService(oidc))
              // Pushbutton calls nothing on the user's behalf: the provider's tokens are not
              // kept, so none of them sits in a session.
              .authorizedClientRepository(new NothingKept()));
    }
    headers(http);
    return http.build();
  }

  private static void headers(HttpSecurity http) throws Exception {
    http.headers(headers ->
        headers
            .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_POLICY))
            .referrerPolicy(
                referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN))
            .frameOptions(HeadersConfigurer.FrameOptionsConfig::deny));
  }

  /**
   * A request that proves who it is in its own header (HTTP Basic, a bearer token) needs no CSRF
   * token, unless a browser sent it from another site: a browser adds Basic credentials it
   * remembers to any request, cross-site ones included, and says where the request came from.
   */
  static boolean isScript(HttpServletRequest request) {
    String authorization = request.getHeader("Authorization");
    if (authorization == null
        || !(authorization.regionMatches(true, 0, "Basic ", 0, 6)
            || authorization.regionMatches(true, 0, "Bearer ", 0, 7))) {
      return false;
    }
    String site = request.getHeader("Sec-Fetch-Site");
    return site == null || SAME_SITE.contains(site);
  }
}
