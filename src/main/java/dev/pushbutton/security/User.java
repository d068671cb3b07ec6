package dev.pushbutton.security;

import java.time.Instant;
import java.util.Collections;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Someone who can sign in, as Pushbutton knows them now. Never holds a password or its hash.
 *
 * @param username what they sign in with and what runs record as {@code startedBy}
 * @param provider {@value #LOCAL} for a user with a password here, else the OpenID Connect
 *     registration id they sign in through
 * @param groups group names, which a job's {@code allow} refers to
 */
public record User(
    String username,
    String displayName,
    Role role,
    Set<String> groups,
    String provider,
    Instant createdAt) {
  public static final String LOCAL = "local";

  /**
   * The name the server's own actions go by (in the audit trail, say): no user may be called this,
   * so that nobody can pass for the server there.
   */
  public static final String SERVER = "pushbutton";

  public User {
    groups = Collections.unmodifiableSortedSet(new TreeSet<>(groups)); // sorted, for people
  }

  public boolean isLocal() {
    return LOCAL.equals(provider);
  }

  public boolean isAdmin() {
    return role == Role.ADMIN;
  }

  /** A user name as typed at sign-in, as it is stored: trimmed, lower case. */
  public static String normalize(String typed) {
    return typed == null ? "" : typed.strip().toLowerCase(Locale.ROOT);
  }

  public User with(String newDisplayName, Role newRole, Set<String> newGroups) {
    return new User(username, newDisplayName, newRole, newGroups, provider, createdAt);
  }
}
