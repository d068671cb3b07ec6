package oidcprovider;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.security.oauth2.server.authorization.autoconfigure.servlet.OAuth2AuthorizationServerAutoConfiguration;
import org.springframework.boot.security.oauth2.server.authorization.autoconfigure.servlet.OAuth2AuthorizationServerJwtAutoConfiguration;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.InMemoryOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/**
 * A real OpenID provider for tests: Spring Authorization Server, in this JVM, on a free port of
 * 127.0.0.1, with one client ({@value #CLIENT_ID}) and a few people who sign in on its own login
 * form. Each person's ID token carries {@code preferred_username}, {@code name} and {@code groups};
 * a test may change someone's groups between two sign-ins.
 *
 * <p>This package is outside {@code dev.pushbutton} on purpose: Pushbutton's component scan must
 * not find this configuration, and this application must not find Pushbutton's.
 */
public final class TestProvider implements AutoCloseable {
  public static final String CLIENT_ID = "pushbutton";
  public static final String CLIENT_SECRET = "client-secret-for-tests";

  /** Every person's password at this provider. */
  public static final String PASSWORD = "provider-password-for-tests";

  private final ConfigurableApplicationContext context;
  private final String issuer;

  private TestProvider(ConfigurableApplicationContext context) {
    this.context = context;
    int port = ((WebServerApplicationContext) context).getWebServer().getPort();
    // Unset, the issuer is taken from each request's host, so it is this as long as everyone
    // (the test's browser and Pushbutton alike) calls 127.0.0.1, never localhost.
    this.issuer = "http://127.0.0.1:" + port;
  }

  /**
   * Starts the provider for Pushbutton's registration {@code registrationId}: the client may send
   * people back to {@code http://127.0.0.1:<any port>/login/oauth2/code/<registrationId>}.
   */
  public static TestProvider start(String registrationId) {
    String client = "spring.security.oauth2.authorizationserver.client.pushbutton.";
    var context =
        new SpringApplicationBuilder(Config.class)
            .main(TestProvider.class) // its log says "Starting TestProvider"
            .web(WebApplicationType.SERVLET)
            .properties(
                // Not Pushbutton's application.yml: this application has no configuration file.
                "spring.config.name=test-oidc-provider",
                "spring.application.name=test-oidc-provider",
                "spring.main.banner-mode=off",
                "server.address=127.0.0.1",
                "server.port=0",
                client + "registration.client-id=" + CLIENT_ID,
                client + "registration.client-secret={noop}" + CLIENT_SECRET,
                client + "registration.client-authentication-methods=client_secret_basic",
                client + "registration.authorization-grant-types=authorization_code",
                // Pushbutton's port is not known yet. A loopback redirect URI matches whatever port
                // the request names (RFC 8252 section 7.3, as Spring Authorization Server applies
                // it), so the path is still checked exactly.
                client
                    + "registration.redirect-uris=http://127.0.0.1/login/oauth2/code/"
                    + registrationId,
                client + "registration.scopes=openid,profile",
                client + "require-authorization-consent=false")
            .run();
    return new TestProvider(context);
  }

  /** What Pushbutton's {@code issuer-uri} must be. */
  public String issuer() {
    return issuer;
  }

  /** Gives {@code username} these groups from their next sign-in on. */
  public void groups(String username, String... groups) {
    context.getBean(People.class).groups(username, List.of(groups));
  }

  /** The tokens this provider has issued so far, as sent, each with its kind. */
  public List<Issued> issuedTokens() {
    return List.copyOf(context.getBean(RecordingAuthorizations.class).issued);
  }

  /** A token as issued: {@code kind} is {@code access_token} or {@code id_token}. */
  public record Issued(String kind, String value) {
    @Override
    public String toString() {
      return kind + " ending " + value.substring(value.length() - 8);
    }
  }

  @Override
  public void close() {
    context.close();
  }

  /** A person at the provider: how they sign in there, and what their ID token says. */
  record Person(String username, String preferredUsername, String name, List<String> groups) {}

  /** The provider's people; their groups may change. */
  static final class People {
    private final Map<String, Person> people = new ConcurrentHashMap<>();

    People(List<Person> people) {
      people.forEach(person -> this.people.put(person.username(), person));
    }

    Person get(String username) {
      return people.get(username);
    }

    Set<String> usernames() {
      return people.keySet();
    }

    void groups(String username, List<String> groups) {
      Person changed =
          people.computeIfPresent(
              username,
              (name, person) ->
                  new Person(name, person.preferredUsername(), person.name(), List.copyOf(groups)));
      if (changed == null) {
        throw new IllegalArgumentException("no one called " + username + " at the provider");
      }
    }
  }

  /** Authorizations kept in memory, as by default, noting the tokens issued with them. */
  static final class RecordingAuthorizations implements OAuth2AuthorizationService {
    private final OAuth2AuthorizationService kept = new InMemoryOAuth2AuthorizationService();
    private final List<Issued> issued = new CopyOnWriteArrayList<>();

    @Override
    public void save(OAuth2Authorization authorization) {
      note(OAuth2TokenType.ACCESS_TOKEN.getValue(), authorization.getAccessToken());
      note(OidcParameterNames.ID_TOKEN, authorization.getToken(OidcIdToken.class));
      kept.save(authorization);
    }

    private void note(String kind, OAuth2Authorization.Token<?> token) {
      if (token != null) {
        var noted = new Issued(kind, token.getToken().getTokenValue());
        if (!issued.contains(noted)) {
          issued.add(noted);
        }
      }
    }

    @Override
    public void remove(OAuth2Authorization authorization) {
      kept.remove(authorization);
    }

    @Override
    public OAuth2Authorization findById(String id) {
      return kept.findById(id);
    }

    @Override
    public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
      return kept.findByToken(token, tokenType);
    }
  }

  /**
   * The provider application. Only the auto-configurations an authorization server needs are
   * imported: the test classpath also holds Pushbutton's (a database, Flyway, sessions in JDBC,
   * Actuator), none of which belongs here.
   */
  @Configuration(proxyBeanMethods = false)
  @ImportAutoConfiguration({
    PropertyPlaceholderAutoConfiguration.class,
    TomcatServletWebServerAutoConfiguration.class,
    DispatcherServletAutoConfiguration.class,
    WebMvcAutoConfiguration.class,
    HttpMessageConvertersAutoConfiguration.class,
    ErrorMvcAutoConfiguration.class,
    SecurityAutoConfiguration.class,
    ServletWebSecurityAutoConfiguration.class,
    SecurityFilterAutoConfiguration.class,
    OAuth2AuthorizationServerAutoConfiguration.class,
    OAuth2AuthorizationServerJwtAutoConfiguration.class
  })
  static class Config {

    @Bean
    People people() {
      return new People(
          List.of(
              new Person("alice", "alice", "Alice Admin", List.of("pb-admins")),
              new Person("bob", "bob", "Bob Operator", List.of("ops")),
              new Person("carol", "carol", "Carol Support", List.of("support")),
              new Person("dave", "dave", "Dave Mover", List.of("support")),
              // Names himself after Pushbutton's local admin.
              new Person("mallory", "admin", "Mallory", List.of("pb-admins"))));
    }

    @Bean
    InMemoryUserDetailsManager users(People people) {
      return new InMemoryUserDetailsManager(
          people.usernames().stream().map(TestProvider.Config::user).toList());
    }

    private static UserDetails user(String username) {
      return User.withUsername(username).password("{noop}" + PASSWORD).roles("USER").build();
    }

    @Bean
    RecordingAuthorizations authorizations() {
      return new RecordingAuthorizations();
    }

    /** The claims Pushbutton reads, in the ID token, as each person is at this moment. */
    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> idTokenClaims(People people) {
      return context -> {
        if (OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())) {
          Person person = people.get(context.getPrincipal().getName());
          context
              .getClaims()
              .claim("preferred_username", person.preferredUsername())
              .claim("name", person.name())
              .claim("groups", person.groups());
        }
      };
    }
  }
}
