package dev.pushbutton.security;

import dev.pushbutton.run.RunService;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.DefaultAuthenticationEventPublisher;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationFailureLockedEvent;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.jdbc.PostgreSqlJdbcIndexedSessionRepositoryCustomizer;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.databind.json.JsonMapper;

/**
 * The parts of sign-in and access that are plain Java, assembled: the stores, the services, and the
 * policy every controller asks ({@link JobAccess}). The filter chains are in {@link WebSecurity}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecurityProperties.class)
class SecurityConfiguration {

  /** Static: a bean post-processor is made before every other bean. */
  @Bean
  static LenientSessionSaves lenientSessionSaves() {
    return new LenientSessionSaves();
  }

  /**
   * Spring Security would open an observation (a timer, a context, its maps) per request and filter
   * chain, and hold it for as long as the request lasts: for each idle viewer of a run, 5 KB more
   * of heap (measured, docs/BENCHMARKS.md), to time what the HTTP server metrics time already.
   */
  @Bean
  SecurityObservationSettings noSecurityObservations() {
    return SecurityObservationSettings.noObservations();
  }

  @Bean
  PasswordEncoder passwordEncoder() {
    // bcrypt, stored with its {bcrypt} prefix so a later switch (to argon2, say) can read old
    // hashes
    return PasswordEncoderFactories.createDelegatingPasswordEncoder();
  }

  @Bean
  UserStore userStore(JdbcClient jdbc, JsonMapper json, Clock clock) {
    return new JdbcUserStore(jdbc, json, clock);
  }

  @Bean
  TokenStore tokenStore(JdbcClient jdbc, JsonMapper json) {
    return new JdbcTokenStore(jdbc, json);
  }

  @Bean
  SignInThrottle signInThrottle(JdbcClient jdbc, Clock clock) {
    return new SignInThrottle(new JdbcSignInFailures(jdbc), clock);
  }

  @Bean
  VerifiedCredentials verifiedCredentials() {
    return new VerifiedCredentials();
  }

  @Bean
  UserService userService(
      UserStore users,
      PasswordEncoder encoder,
      VerifiedCredentials verified,
      ObjectProvider<FindByIndexNameSessionRepository<?>> sessions,
      ApplicationEventPublisher events,
      Clock clock) {
    Consumer<String> endSessions =
        username ->
            sessions.ifAvailable(repository ->
                repository.findByPrincipalName(username).keySet().forEach(repository::deleteById));
    return new UserService(users, encoder, verified, endSessions, events, clock);
  }

  @Bean
  ApiTokens apiTokens(TokenStore tokens, ApplicationEventPublisher events, Clock clock) {
    return new ApiTokens(tokens, events, clock);
  }

  @Bean
  JobAccess jobAccess(RunService runs, UserStore users) {
    return new JobAccess(runs, users);
  }

  @Bean
  Rechecks rechecks(
      UserStore users,
      ApiTokens tokens,
      ObjectProvider<FindByIndexNameSessionRepository<?>> sessions,
      SecurityProperties properties) {
    return new Rechecks(
        users,
        tokens,
        id -> {
          FindByIndexNameSessionRepository<?> repository = sessions.getIfAvailable();
          return repository == null || repository.findById(id) != null;
        },
        properties.recheck());
  }

  /**
   * Every sign-in and every refusal is announced as Spring Security's application events (the audit
   * trail listens). Spring Boot's own publisher announces only the refusals Spring Security names;
   * this one also says that a name is locked after failures, and announces any other refusal (an
   * OpenID provider's) as a wrong credential rather than not at all. The filter chains' managers
   * find it as a bean; the passwords' manager below is handed it.
   */
  @Bean
  AuthenticationEventPublisher authenticationEvents(ApplicationEventPublisher publisher) {
    var events = new DefaultAuthenticationEventPublisher(publisher);
    events.setAdditionalExceptionMappings(
        Map.of(SignInThrottledException.class, AuthenticationFailureLockedEvent.class));
    events.setDefaultAuthenticationFailureEvent(AuthenticationFailureBadCredentialsEvent.class);
    return events;
  }

  /** The one way to check a password; Spring Boot's generated in-memory user backs off for it. */
  @Bean
  AuthenticationManager passwordAuthentication(
      UserStore users,
      PasswordEncoder encoder,
      SignInThrottle throttle,
      VerifiedCredentials verified,
      SecurityProperties properties,
      AuthenticationEventPublisher events) {
    var manager =
        new ProviderManager(
            new PasswordSignIn(users, encoder, throttle, verified, properties.localLogin()));
    manager.setAuthenticationEventPublisher(events);
    return manager;
  }

  @Bean
  OidcSignIn oidcSignIn(
      UserStore users,
      SecurityProperties properties,
      ApplicationEventPublisher events,
      Clock clock) {
    return new OidcSignIn(users, properties.oidc(), events, clock);
  }

  /**
   * Session attributes are written with an upsert: two requests of one new session may both store
   * the same attribute. The statement is PostgreSQL's and SQLite's alike.
   */
  @Bean
  PostgreSqlJdbcIndexedSessionRepositoryCustomizer sessionAttributeUpserts() {
    return new PostgreSqlJdbcIndexedSessionRepositoryCustomizer();
  }

  @Bean
  ApplicationRunner firstAdmin(
      UserService users, @Value("${pushbutton.admin.password:}") String password) {
    return arguments -> new FirstAdmin(users, System.out).ensure(password);
  }

  @Bean
  WebMvcConfigurer currentUserArguments() {
    return new WebMvcConfigurer() {
      @Override
      public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new CurrentUserArguments());
      }
    };
  }
}
