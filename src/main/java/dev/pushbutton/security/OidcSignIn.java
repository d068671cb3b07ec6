package dev.pushbutton.security;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * Someone signed in through an OpenID provider becomes (or is again) a user here: known by the
 * provider's {@code sub}, named by {@code preferred_username} (else the e-mail, else {@code sub}),
 * with groups from the configured claim and a role from those groups, both taken afresh at every
 * sign-in. A name that already belongs to another user is refused, so nobody can take over a local
 * account by choosing its name at their provider.
 */
final class OidcSignIn implements OAuth2UserService<OidcUserRequest, OidcUser> {
  private static final Logger LOG = LoggerFactory.getLogger(OidcSignIn.class);
  private static final int MAX_NAME = 100;

  private final OidcUserService provider = new OidcUserService();
  private final UserStore users;
  private final SecurityProperties.Oidc settings;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  OidcSignIn(
      UserStore users,
      SecurityProperties.Oidc settings,
      ApplicationEventPublisher events,
      Clock clock) {
    this.users = users;
    this.settings = settings;
    this.events = events;
    this.clock = clock;
  }

  @Override
  public OidcUser loadUser(OidcUserRequest request) throws OAuth2AuthenticationException {
    OidcUser signedIn = provider.loadUser(request);
    String registration = request.getClientRegistration().getRegistrationId();
    Set<String> groups = groups(signedIn.getClaims().get(settings.groupsClaim()));
    Role role = role(groups);
    String displayName = text(signedIn.getFullName());
    User user =
        users
            .findBySubject(registration, signedIn.getSubject())
            .map(known -> refreshed(known, displayName, role, groups))
            .orElseGet(() -> added(registration, signedIn, displayName, role, groups));
    return new SignedIn(signedIn, user.username());
  }

  private User refreshed(User known, String displayName, Role role, Set<String> groups) {
    User now = known.with(displayName == null ? known.displayName() : displayName, role, groups);
    if (!now.equals(known)) {
      users.update(now);
      events.publishEvent(new UserChanged(User.SERVER, known, now, false));
    }
    return now;
  }

  private User added(
      String registration, OidcUser signedIn, String displayName, Role role, Set<String> groups) {
    String username = username(signedIn);
    var user =
        new User(
            username,
            displayName == null ? username : displayName,
            role,
            groups,
            registration,
            clock.instant().truncatedTo(ChronoUnit.MILLIS));
    if (username.equals(User.SERVER) || !users.insert(user, signedIn.getSubject(), null)) {
      LOG.warn(
          "sign-in through {} refused: the name '{}' belongs to another user",
          registration,
          PasswordSignIn.printable(username));
      throw new OAuth2AuthenticationException(
          new OAuth2Error(
              "name_taken",
              "The name '" + username + "' belongs to another user here; ask an admin.",
              null));
    }
    LOG.info("new user '{}' signed in through {} as {}", username, registration, role.apiName());
    events.publishEvent(new UserCreated(User.SERVER, user));
    return user;
  }

  private static String username(OidcUser signedIn) {
    for (String candidate :
        new String[] {
          signedIn.getPreferredUsername(), signedIn.getEmail(), signedIn.getSubject()
        }) {
      String name = text(candidate);
      if (name != null) {
        return User.normalize(name);
      }
    }
    throw new OAuth2AuthenticationException(
        new OAuth2Error("no_name", "The OpenID provider gave no usable user name.", null));
  }

  /** The claim's groups: a list of names, or one name. */
  private static Set<String> groups(Object claim) {
    var groups = new HashSet<String>();
    if (claim instanceof Collection<?> names) {
      names.forEach(name -> add(groups, name));
    } else {
      add(groups, claim);
    }
    return groups;
  }

  private static void add(Set<String> groups, Object name) {
    String text = name instanceof String s ? text(s) : null;
    if (text != null) {
      groups.add(text);
    }
  }

  private Role role(Set<String> groups) {
    if (containsAny(groups, settings.adminGroups())) {
      return Role.ADMIN;
    }
    return containsAny(groups, settings.operatorGroups()) ? Role.OPERATOR : Role.VIEWER;
  }

  private static boolean containsAny(Set<String> groups, List<String> wanted) {
    return wanted.stream().anyMatch(groups::contains);
  }

  /** One line of at most {@value #MAX_NAME} characters, or null. */
  private static String text(String value) {
    if (value == null || value.isBlank() || value.chars().anyMatch(Character::isISOControl)) {
      return null;
    }
    String stripped = value.strip();
    return stripped.length() > MAX_NAME ? null : stripped;
  }

  /**
   * The provider's user, named as the user is named here. It goes into the session, so it keeps the
   * ID token's claims but not the token: neither as its own nor inside an authority.
   */
  static final class SignedIn extends DefaultOidcUser {
    private static final long serialVersionUID = 1L;
    private static final String NOT_KEPT = "not-kept";
    private final String username;

    SignedIn(OidcUser user, String username) {
      super(
          user.getAuthorities().stream()
              .map(authority -> new SimpleGrantedAuthority(authority.getAuthority()))
              .toList(),
          withoutValue(user.getIdToken()),
          user.getUserInfo());
      this.username = username;
    }

    private static OidcIdToken withoutValue(OidcIdToken token) {
      return new OidcIdToken(
          NOT_KEPT, token.getIssuedAt(), token.getExpiresAt(), token.getClaims());
    }

    @Override
    public String getName() {
      return username;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof SignedIn signedIn
          && username.equals(signedIn.username)
          && super.equals(other);
    }

    @Override
    public int hashCode() {
      return 31 * super.hashCode() + username.hashCode();
    }
  }
}
