package dev.pushbutton.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Slows down password guessing per user name: after {@value #FREE_FAILURES} failures in a row,
 * every attempt for that name is refused for 30 seconds, then, after each further failure, for
 * twice as long as the last time, up to 15 minutes. A refused attempt is not checked at all, so
 * even the right password is refused while the lock lasts; a success clears the count.
 */
public final class SignInThrottle {
  static final int FREE_FAILURES = 5;
  static final Duration FIRST_LOCK = Duration.ofSeconds(30);
  static final Duration LONGEST_LOCK = Duration.ofMinutes(15);
  // A name nobody tried for a day starts afresh, and the table does not keep every name ever tried.
  private static final Duration MEMORY = Duration.ofDays(1);
  private static final Duration SWEEP_EVERY = Duration.ofHours(1);
  private static final int MAX_NAME = 200;

  private final SignInFailures failures;
  private final Clock clock;
  private final AtomicLong nextSweep = new AtomicLong();

  public SignInThrottle(SignInFailures failures, Clock clock) {
    this.failures = failures;
    this.clock = clock;
  }

  /** Begins an attempt to sign in as {@code username}: one look at its failures so far. */
  public Attempt attempt(String username) {
    String key = key(username);
    return new Attempt(key, failures.find(key).orElse(null));
  }

  /** The lock after the {@code count}th failure in a row: 30 s, then doubling, at most 15 min. */
  static Duration lockAfter(int count) {
    int doublings = Math.min(count - FREE_FAILURES, 10);
    Duration lock = FIRST_LOCK.multipliedBy(1L << doublings);
    return lock.compareTo(LONGEST_LOCK) > 0 ? LONGEST_LOCK : lock;
  }

  /** Names are compared as stored; a very long one is cut, so it cannot bloat the table. */
  static String key(String username) {
    String name = User.normalize(username);
    return name.length() > MAX_NAME ? name.substring(0, MAX_NAME) : name;
  }

  /** One attempt to sign in as one name. */
  public final class Attempt {
    private final String key;
    private final SignInFailures.Failures before;

    private Attempt(String key, SignInFailures.Failures before) {
      this.key = key;
      this.before = before;
    }

    /** How long attempts for this name are still refused; empty when this one may go ahead. */
    public Optional<Duration> refusal() {
      Instant now = clock.instant();
      if (before == null || before.lockedUntil() == null || !now.isBefore(before.lockedUntil())) {
        return Optional.empty();
      }
      return Optional.of(Duration.between(now, before.lockedUntil()));
    }

    /** Counts the failure; returns how many there have been in a row. */
    public int failed() {
      Instant now = clock.instant();
      sweep(now);
      int count = failures.recordFailure(key, now);
      if (count >= FREE_FAILURES) {
        failures.lock(key, now.plus(lockAfter(count)));
      }
      return count;
    }

    public void succeeded() {
      if (before != null) { // most sign-ins have no failures to forget: no write for them
        failures.clear(key);
      }
    }
  }

  private void sweep(Instant now) {
    long due = nextSweep.get();
    if (now.toEpochMilli() >= due
        && nextSweep.compareAndSet(due, now.plus(SWEEP_EVERY).toEpochMilli())) {
      failures.forgetOlderThan(now.minus(MEMORY), now);
    }
  }
}
