package dev.pushbutton.security;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Makes the {@link CurrentUser} of each request, and keeps the answers for a few seconds: a
 * thousand streams of one user, rechecked together, cost one look in the database, not a thousand.
 *
 * <p>What outlives the request (an event stream) may go on only while what let it in still holds:
 * the session it came with still exists (signing out, an admin's password reset and deleting the
 * user all end sessions), or its token is still valid, and the user's role and groups are still
 * those it was opened with. After any change of rights the stream ends, and the viewer's reconnect
 * is judged afresh.
 */
final class Rechecks {
  private static final int MOST = 10_000;

  private final UserStore users;
  private final ApiTokens tokens;
  private final Predicate<String> sessionExists;
  private final long freshNanos;
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();

  /**
   * @param sessionExists whether the signed-in session with this id still exists
   * @param recheck how often streams ask; an answer is kept for a quarter of it at most, so that
   *     streams asking every half of it learn of a change within {@code recheck}
   */
  Rechecks(UserStore users, ApiTokens tokens, Predicate<String> sessionExists, Duration recheck) {
    this.users = users;
    this.tokens = tokens;
    this.sessionExists = sessionExists;
    this.freshNanos = Math.min(Duration.ofSeconds(5).toNanos(), recheck.toNanos() / 4);
  }

  /** A caller who signed in with HTTP Basic as {@code user}. */
  CurrentUser signedIn(User user) {
    return () ->
        answer("user:" + user.username(), () -> users.find(user.username()))
            .filter(now -> sameRights(now, user));
  }

  /** A caller who came with the signed-in session {@code sessionId}, as {@code user}. */
  CurrentUser session(String sessionId, User user) {
    return () ->
        answer(
                "session:" + sessionId,
                () ->
                    sessionExists.test(sessionId)
                        ? users.find(user.username())
                        : Optional.<User>empty())
            .filter(now -> sameRights(now, user));
  }

  /**
   * A caller who came with the API token whose hash is {@code tokenHash}, owned by {@code user}.
   */
  CurrentUser token(String tokenHash, User user) {
    return () ->
        answer("token:" + tokenHash, () -> tokens.byHash(tokenHash).map(TokenStore.Owned::owner))
            .filter(now -> sameRights(now, user));
  }

  private static boolean sameRights(User now, User then) {
    return now.username().equals(then.username())
        && now.role() == then.role()
        && Objects.equals(now.groups(), then.groups());
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
