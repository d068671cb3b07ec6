package dev.pushbutton.audit;

import java.time.Instant;
import java.util.List;

/**
 * Where the audit trail is kept: append-only, in the order of its ids. An implementation must keep
 * the chain whole when several nodes append to one database at once: each entry gets the next id
 * and the hash of the entry that really is before it, or is not stored at all.
 */
public interface AuditStore {

  /** Stores {@code draft} as the next entry of the chain; answers it as stored. */
  AuditEntry append(Draft draft);

  /** The entries {@code query} asks for, newest first, at most {@code query.limit()}. */
  List<AuditEntry> list(AuditQuery query);

  /** Up to {@code limit} entries with an id above {@code afterId}, oldest first. */
  List<AuditEntry> after(long afterId, int limit);

  /** An entry before it has its place in the chain. */
  record Draft(
      Instant at, String actor, String action, String target, String details, String address) {

    /** This entry as number {@code id}, after the entry whose hash is {@code prevHash}. */
    public AuditEntry chainedTo(long id, String prevHash) {
      String hash = HashChain.hash(prevHash, id, at, actor, action, target, details, address);
      return new AuditEntry(id, at, actor, action, target, details, address, prevHash, hash);
    }
  }
}
