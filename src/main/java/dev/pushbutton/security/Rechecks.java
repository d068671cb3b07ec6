package dev.pushbutton.security;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Makes the {@link CurrentUser} of each request, and keeps the answers for a few seconds: a
 * thousand streams of one user, rechecked together, cost one look in the database, not a thousand.
 */
final class Rechecks {
  private static final int MOST = 10_000;

  private final UserStore users;
  private final ApiTokens tokens;
  private final long freshNanos;
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();

  Rechecks(UserStore users, ApiTokens tokens, Duration recheck) {
    this.users = users;
    this.tokens = tokens;
    this.freshNanos = Math.min(Duration.ofSeconds(5).toNanos(), recheck.toNanos() / 2);
  }

  /** A caller who signed in as {@code username} (a session, or HTTP Basic). */
  CurrentUser signedIn(String username) {
    return () -> answer("user:" + username, () -> users.find(username));
  }

  /** A caller who came with the API token whose hash is {@code tokenHash}. */
  CurrentUser token(String tokenHash) {
    return () ->
        answer("token:" + tokenHash, () -> tokens.byHash(tokenHash).map(TokenStore.Owned::owner));
  }

  private Optional<User> answer(String key, Supplier<Optional<User>> lookup) {
    long now = System.nanoTime();
    Answer known = answers.get(key);
    if (known != null && now - known.at() < freshNanos) {
      return known.user();
    }
    if (answers.size() >= MOST) {
      answers.clear();
    }
    Optional<User> user = lookup.get();
    answers.put(key, new Answer(user, now));
    return user;
  }

  private record Answer(Optional<User> user, long at) {}
}
