package dev.pushbutton.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Personal API tokens: made, listed, revoked, and checked on every request that carries one. A
 * token is 256 random bits; only its SHA-256 is stored (a slow hash buys nothing against a secret
 * that long, and this one runs on every request). A token acts for its owner as the owner is now.
 * Making and revoking one is announced ({@link TokenCreated}, {@link TokenRevoked}), without its
 * text.
 */
public final class ApiTokens {
  private static final Logger LOG = LoggerFactory.getLogger(ApiTokens.class);

  /** Every token starts with this, so a leaked one is easy to recognise (and to search for). */
  static final String PREFIX = "pb_";

  private static final Set<String> FIELDS = Set.of("name", "expiresInDays");
  private static final int MAX_DAYS = 3650;
  // Writing the time of last use on every request would be a database write per request.
  private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

  private final TokenStore store;
  private final ApplicationEventPublisher events;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Instant> touched = new ConcurrentHashMap<>();

  public ApiTokens(TokenStore store, ApplicationEventPublisher events, Clock clock) {
    this.store = store;
    this.events = events;
    this.clock = clock;
  }

  /** A new token and its text, which is shown this once and never again. */
  public record Issued(ApiToken token, String secret) {}

  public Issued create(User owner, Map<String, ?> body) {
    var fields = new Fields(body, FIELDS, "a token");
    String name = fields.required("name", 100);
    Integer days = fields.wholeNumber("expiresInDays", 1, MAX_DAYS);
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    byte[] bits = new byte[32];
    random.nextBytes(bits);
    String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
    var token =
        new ApiToken(
            UUID.randomUUID().toString(),
            owner.username(),
            name,
            now,
            days == null ? null : now.plus(Duration.ofDays(days)),
            null);
    store.insert(token, hash(secret));
    events.publishEvent(new TokenCreated(owner.username(), token));
    return new Issued(token, secret);
  }

  public List<ApiToken> listOf(User owner) {
    return store.listOf(owner.username());
  }

  public void revoke(User owner, String id) {
    if (!store.delete(id, owner.username())) {
      throw new SecurityExceptions.NotFound("You have no token '" + id + "'.");
    }
    touched.remove(id);
    events.publishEvent(new TokenRevoked(owner.username(), id, owner.username()));
  }

  /** Whether {@code text} has the shape of a token: not worth a look in the database if not. */
  static boolean looksLikeToken(String text) {
    return text.startsWith(PREFIX) && text.length() <= 100;
  }

  /**
   * The token whose text hashes to {@code hash}, and its owner, unless it was revoked, expired or
   * never made.
   */
  Optional<TokenStore.Owned> byHash(String hash) {
    Instant now = clock.instant();
    Optional<TokenStore.Owned> found =
        store.findByHash(hash).filter(owned -> !owned.token().expiredAt(now));
    found.ifPresent(owned -> touch(owned.token(), now));
    return found;
  }

  private void touch(ApiToken token, Instant now) {
    Instant last = touched.get(token.id());
    if (last == null || Duration.between(last, now).compareTo(TOUCH_EVERY) >= 0) {
      touched.put(token.id(), now);
      try {
        store.touch(token.id(), now.truncatedTo(ChronoUnit.MILLIS));
      } catch (RuntimeException e) {
        // The last use is a hint for its owner: a database that cannot be written just now must not
        // refuse a request that only reads. The next use a minute later tries again.
        LOG.debug("token {}: last use not recorded: {}", token.id(), e.toString());
      }
    }
  }

  static String hash(String secret) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
