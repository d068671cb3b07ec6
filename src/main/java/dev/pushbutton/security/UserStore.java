package dev.pushbutton.security;

import java.util.List;
import java.util.Optional;

/** Where users are kept. Password hashes stay behind this interface and {@link PasswordSignIn}. */
public interface UserStore {
  Optional<User> find(String username);

  /** The user an OpenID provider knows by {@code subject}. */
  Optional<User> findBySubject(String provider, String subject);

  /** Every user, by name. */
  List<User> list();

  /**
   * Adds a user; false, and nothing changed, when the name is taken.
   *
   * @param subject the OpenID provider's id for the user; null for a local user
   * @param passwordHash null for a user without a password here
   */
  boolean insert(User user, String subject, String passwordHash);

  /** Stores the user's display name, role and groups. */
  void update(User user);

  void setPasswordHash(String username, String passwordHash);

  Optional<String> passwordHash(String username);

  /** Removes the user and their API tokens; false when there was none. */
  boolean delete(String username);

  /** Whether anyone at all can sign in yet. */
  boolean isEmpty();

  long countAdmins();
}
