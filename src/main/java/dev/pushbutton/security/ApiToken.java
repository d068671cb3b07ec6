package dev.pushbutton.security;

import java.time.Instant;

/**
 * A personal API token as it is kept: everything but its text, which only its owner ever saw.
 *
 * @param expiresAt null for a token that does not expire
 * @param lastUsedAt when it last let a request in, to the minute; null when never
 */
public record ApiToken(
    String id,
    String username,
    String name,
    Instant createdAt,
    Instant expiresAt,
    Instant lastUsedAt) {

  public boolean expiredAt(Instant now) {
    return expiresAt != null && !now.isBefore(expiresAt);
  }
}
