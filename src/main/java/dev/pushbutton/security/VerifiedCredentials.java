package dev.pushbutton.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * User names and passwords verified in the last minute, so that a script using HTTP Basic pays for
 * a password check (bcrypt, about a tenth of a second of CPU by design) once a minute rather than
 * on every request. Only a keyed hash of name and password is kept, under a key made at start-up
 * that never leaves memory. A password change or a deleted user forgets the name at once on this
 * node; another node forgets it when its entry expires.
 */
final class VerifiedCredentials {
  static final Duration LIFETIME = Duration.ofMinutes(1);
  private static final int MOST = 10_000;

  private final byte[] key = new byte[32];
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  VerifiedCredentials() {
    new SecureRandom().nextBytes(key);
  }

  boolean holds(String username, String password) {
    Entry entry = entries.get(digest(username, password));
    return entry != null && System.nanoTime() - entry.verifiedAt() < LIFETIME.toNanos();
  }

  void remember(String username, String password) {
    if (entries.size() >= MOST) {
      long now = System.nanoTime();
      entries.values().removeIf(e -> now - e.verifiedAt() >= LIFETIME.toNanos());
      if (entries.size() >= MOST) {
        entries.clear(); // so many scripts at once: checking again is better than growing
      }
    }
    entries.put(digest(username, password), new Entry(username, System.nanoTime()));
  }

  void forget(String username) {
    entries.values().removeIf(e -> e.username().equals(username));
  }

  private String digest(String username, String password) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      mac.update(username.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 0);
      return HexFormat.of().formatHex(mac.doFinal(password.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  private record Entry(String username, long verifiedAt) {}
}
