package dev.pushbutton.audit;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * One entry of the audit trail, as stored.
 *
 * @param id 1 for the first entry, one more for each after it
 * @param at when it was recorded, to the millisecond
 * @param actor the user name, the name tried (a failed sign-in), or {@value AuditTrail#SERVER}
 * @param action an {@link AuditAction}'s name (kept as text, so an entry stays readable whatever
 *     the list becomes)
 * @param target what it was done to; null when nothing in particular
 * @param details a JSON object, as stored and hashed
 * @param address the client's IP address; null for the server's own actions
 * @param prevHash the hash of the entry before ({@link HashChain#GENESIS} for the first)
 * @param hash SHA-256 over this entry's content and {@code prevHash}, in hex
 */
public record AuditEntry(
    long id,
    Instant at,
    String actor,
    String action,
    String target,
    String details,
    String address,
    String prevHash,
    String hash) {

  // Always three fraction digits, so the text is the same for every reader (and what is hashed).
  private static final DateTimeFormatter AT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  /**
   * {@link #at} as ISO-8601 in UTC with milliseconds, as the API, the CSV and the hash spell it.
   */
  public String atText() {
    return AT.format(at);
  }

  static String atText(Instant at) {
    return AT.format(at);
  }
}
