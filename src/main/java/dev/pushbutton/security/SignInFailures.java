package dev.pushbutton.security;

import java.time.Instant;
import java.util.Optional;

/**
 * Failed sign-ins in a row, per user name, kept where every web node sees them: a lock taken on one
 * node holds on all.
 */
public interface SignInFailures {
  /** The failures recorded for {@code username}; empty when there are none. */
  Optional<Failures> find(String username);

  /** Counts one more failure in a row; returns how many there are now. */
  int recordFailure(String username, Instant at);

  void lock(String username, Instant until);

  /** Forgets the failures of {@code username}: it signed in. */
  void clear(String username);

  /** Forgets names whose last failure is older than {@code before} and that are not locked. */
  void forgetOlderThan(Instant before, Instant now);

  /**
   * @param lockedUntil until when attempts are refused; null when the name is not locked
   */
  record Failures(int count, Instant lockedUntil) {}
}
