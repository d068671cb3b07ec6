package dev.pushbutton.security;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where API tokens are kept, each only as the hash of its text. */
public interface TokenStore {
  void insert(ApiToken token, String hash);

  /** The token whose text hashes to {@code hash}, with its owner as the owner is now. */
  Optional<Owned> findByHash(String hash);

  /** A user's tokens, newest first. */
  List<ApiToken> listOf(String username);

  /** Revokes one of a user's tokens; false when the user has no such token. */
  boolean delete(String id, String username);

  void touch(String id, Instant at);

  /** A token and the user it acts for. */
  record Owned(ApiToken token, User owner) {}
}
