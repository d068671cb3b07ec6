package dev.pushbutton.audit;

/**
 * Whether the audit trail's hash chain holds, from its first entry to its last.
 *
 * @param entries how many entries the trail has
 * @param lastHash the last entry's hash (the genesis value for an empty trail); kept elsewhere, it
 *     shows later that nothing was cut off the end. Null when the chain is broken.
 * @param brokenAt the id of the first entry where the chain breaks; null when it holds
 * @param reason why it breaks there, in a sentence; null when it holds
 */
public record ChainCheck(
    boolean intact, long entries, String lastHash, Long brokenAt, String reason) {

  static ChainCheck intact(long entries, String lastHash) {
    return new ChainCheck(true, entries, lastHash, null, null);
  }

  static ChainCheck broken(long entries, long brokenAt, String reason) {
    return new ChainCheck(false, entries, null, brokenAt, reason);
  }

  /**
   * Walks the whole trail in order, a page at a time, so the trail is never held in memory: each
   * entry must have the next id, name the previous entry's hash as its own {@code prevHash}, and
   * hash to what it stores.
   */
  static ChainCheck of(AuditStore store, int pageSize) {
    long entries = 0;
    long lastId = 0;
    String lastHash = HashChain.GENESIS;
    Long brokenAt = null;
    String reason = null;
    for (var page = store.after(0, pageSize);
        !page.isEmpty();
        page = store.after(lastId, pageSize)) {
      for (AuditEntry entry : page) {
        entries++;
        if (brokenAt == null) {
          reason = fault(entry, lastId, lastHash);
          if (reason != null) {
            brokenAt = entry.id();
          }
        }
        lastId = entry.id();
        lastHash = entry.hash();
      }
    }
    return brokenAt == null ? intact(entries, lastHash) : broken(entries, brokenAt, reason);
  }

  /** What is wrong with {@code entry} after the entry {@code prevId}; null when nothing is. */
  private static String fault(AuditEntry entry, long prevId, String prevHash) {
    if (entry.id() != prevId + 1) {
      return entry.id() == prevId + 2
          ? "entry #" + (prevId + 1) + " is missing."
          : "entries #" + (prevId + 1) + " to #" + (entry.id() - 1) + " are missing.";
    }
    if (!prevHash.equals(entry.prevHash())) {
      return prevId == 0
          ? "it does not start the chain: its previous hash is not the genesis value."
          : "it does not follow entry #"
              + prevId
              + ": the previous hash it names is not that entry's hash.";
    }
    if (!HashChain.of(entry).equals(entry.hash())) {
      return "its content does not match its hash: it was changed after it was written.";
    }
    return null;
  }
}
