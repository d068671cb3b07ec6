package dev.pushbutton.security;

import dev.pushbutton.catalog.InvalidParameterException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Adds, changes and removes users, and changes passwords: every rule about what a user may look
 * like lives here, for the API and the pages alike. Who may call it is the callers' business
 * ({@link JobAccess#requireAdmin}). Each change is announced afterwards ({@link UserCreated},
 * {@link UserChanged}, {@link UserDeleted}) with who made it, for the audit trail.
 */
public final class UserService {
  public static final int MIN_PASSWORD = 12;
  // bcrypt reads only the first 72 bytes of a password; a longer one would be cut without a word.
  public static final int MAX_PASSWORD_BYTES = 72;
  private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._@-]{0,63}");
  private static final Set<String> FIELDS =
      Set.of("username", "password", "displayName", "role", "groups");
  private static final int MAX_DISPLAY_NAME = 100;
  private static final int MAX_GROUP = 200;

  private final UserStore store;
  private final PasswordEncoder encoder;
  private final VerifiedCredentials verified;
  private final Consumer<String> endSessions;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  UserService(
      UserStore store,
      PasswordEncoder encoder,
      VerifiedCredentials verified,
      Consumer<String> endSessions,
      ApplicationEventPublisher events,
      Clock clock) {
    this.store = store;
    this.encoder = encoder;
    this.verified = verified;
    this.endSessions = endSessions;
    this.events = events;
    this.clock = clock;
  }

  public List<User> list() {
    return store.list();
  }

  public User get(String username) {
    return store.find(username).orElseThrow(() -> notFound(username));
  }

  /**
   * Adds a local user from {@code username}, {@code password} and the optional others.
   *
   * @param by the admin who adds them
   */
  public User create(User by, Map<String, ?> body) {
    var fields = new Fields(body, FIELDS, "a user");
    String username = fields.required("username", 64);
    if (!USERNAME.matcher(username).matches()) {
      throw new InvalidParameterException(
          "username",
          "'username' must be 1 to 64 lower-case letters, digits, '.', '_', '@' or '-', starting"
              + " with a letter or digit.");
    }
    if (username.equals(User.SERVER)) {
      throw new InvalidParameterException(
          "username", "'" + User.SERVER + "' is the server's own name; choose another.");
    }
    String password = fields.text("password", 1000);
    if (password == null) {
      throw new InvalidParameterException("password", "'password' is required.");
    }
    checkPassword("password", password);
    String displayName = fields.name("displayName", MAX_DISPLAY_NAME);
    Role role = fields.has("role") ? role(fields) : Role.VIEWER;
    var user =
        new User(
            username,
            displayName == null ? username : displayName,
            role,
            fields.names("groups", MAX_GROUP),
            User.LOCAL,
            clock.instant().truncatedTo(ChronoUnit.MILLIS));
    if (!store.insert(user, null, encoder.encode(password))) {
      throw new SecurityExceptions.Conflict(
          "username", "There is already a user called '" + username + "'.");
    }
    events.publishEvent(new UserCreated(by.username(), user));
    return user;
  }

  /**
   * Changes any of a user's display name, role, groups and password.
   *
   * @param by the admin who changes them
   */
  public User update(User by, String username, Map<String, ?> body) {
    User user = get(username);
    var fields = new Fields(body, FIELDS, "a user");
    String renamed = fields.name("username", 64);
    if (renamed != null && !renamed.equals(username)) {
      throw new InvalidParameterException("username", "A user name cannot be changed.");
    }
    String password = fields.text("password", 1000);
    if (!user.isLocal() && (password != null || fields.has("role") || fields.has("groups"))) {
      String field = password != null ? "password" : fields.has("role") ? "role" : "groups";
      throw new InvalidParameterException(
          field,
          "'"
              + field
              + "' of this user comes from the OpenID provider '"
              + user.provider()
              + "', at each sign-in.");
    }
    if (password != null) {
      checkPassword("password", password);
    }
    String displayName = fields.name("displayName", MAX_DISPLAY_NAME);
    Role role = fields.has("role") ? role(fields) : user.role();
    if (user.isAdmin() && role != Role.ADMIN && store.countAdmins() <= 1) {
      throw new SecurityExceptions.Conflict("role", "At least one admin must remain.");
    }
    User changed =
        user.with(
            displayName == null ? user.displayName() : displayName,
            role,
            fields.has("groups") ? fields.names("groups", MAX_GROUP) : user.groups());
    store.update(changed);
    if (password != null) {
      setPassword(username, password);
      endSessions.accept(username); // whoever knew the old password is signed out
    }
    if (!changed.equals(user) || password != null) {
      events.publishEvent(new UserChanged(by.username(), user, changed, password != null));
    }
    return changed;
  }

  /**
   * Removes a user.
   *
   * @param by the admin who removes them
   */
  public void delete(User by, String username) {
    User user = get(username);
    if (user.isAdmin() && store.countAdmins() <= 1) {
      throw new SecurityExceptions.Conflict(null, "At least one admin must remain.");
    }
    store.delete(username);
    verified.forget(username);
    endSessions.accept(username);
    events.publishEvent(new UserDeleted(by.username(), user));
  }

  /** A user changes their own password, proving they know the current one. */
  public void changeOwnPassword(User user, String current, String next) {
    if (!user.isLocal()) {
      throw new InvalidParameterException(
          "newPassword", "Your password is kept by the OpenID provider '" + user.provider() + "'.");
    }
    String hash = store.passwordHash(user.username()).orElse(null);
    if (current == null || hash == null || !encoder.matches(current, hash)) {
      throw new InvalidParameterException("currentPassword", "The current password is not right.");
    }
    checkPassword("newPassword", next);
    setPassword(user.username(), next);
    events.publishEvent(new UserChanged(user.username(), user, user, true));
  }

  /**
   * Creates the first admin, called {@code admin}, when nobody can sign in yet; false when someone
   * already can (or another node was first).
   */
  boolean createFirstAdmin(String password) {
    if (!store.isEmpty()) {
      return false;
    }
    checkPassword("password", password);
    var admin =
        new User(
            "admin",
            "Administrator",
            Role.ADMIN,
            Set.of(),
            User.LOCAL,
            clock.instant().truncatedTo(ChronoUnit.MILLIS));
    if (!store.insert(admin, null, encoder.encode(password))) {
      return false;
    }
    events.publishEvent(new UserCreated(User.SERVER, admin));
    return true;
  }

  private void setPassword(String username, String password) {
    store.setPasswordHash(username, encoder.encode(password));
    verified.forget(username);
  }

  /** At least 12 characters, and no more than bcrypt reads. */
  static void checkPassword(String field, String password) {
    if (password == null || password.codePointCount(0, password.length()) < MIN_PASSWORD) {
      throw new InvalidParameterException(
          field, "A password must have at least " + MIN_PASSWORD + " characters.");
    }
    if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
      throw new InvalidParameterException(
          field,
          "A password can have at most "
              + MAX_PASSWORD_BYTES
              + " bytes (72 letters of the Latin alphabet, fewer of others).");
    }
  }

  private static Role role(Fields fields) {
    String name = fields.text("role", 20);
    Role role = Role.fromApiName(name);
    if (role == null) {
      throw new InvalidParameterException("role", "'role' must be viewer, operator or admin.");
    }
    return role;
  }

  private static SecurityExceptions.NotFound notFound(String username) {
    return new SecurityExceptions.NotFound("There is no user '" + username + "'.");
  }
}
