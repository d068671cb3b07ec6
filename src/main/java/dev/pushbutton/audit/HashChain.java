package dev.pushbutton.audit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * How an entry's hash is made: SHA-256 over a canonical text of its content and the hash of the
 * entry before it. The text is ours, not a library's rendering, so that a hash written today can be
 * checked by any later version, or by a script reading the CSV export:
 *
 * <pre>
 * pushbutton-audit-1
 * &lt;field&gt;
 * ...
 * </pre>
 *
 * with one line per field in this order: the previous hash, id, at ({@code
 * 2026-11-23T09:42:10.025Z}), actor, action, target, details, address; each field written as its
 * length in UTF-8 bytes, a colon and its text, or {@code ~} when it is null. The lengths make the
 * text unambiguous whatever a field holds (new lines, colons); the result is in lower-case hex.
 */
final class HashChain {
  /** What the first entry chains to. */
  static final String GENESIS = "0".repeat(64);

  private static final byte[] VERSION = "pushbutton-audit-1\n".getBytes(StandardCharsets.UTF_8);

  private HashChain() {}

  static String hash(
      String prevHash,
      long id,
      Instant at,
      String actor,
      String action,
      String target,
      String details,
      String address) {
    var text = new ByteArrayOutputStream(256);
    text.writeBytes(VERSION);
    for (String field :
        new String[] {
          prevHash,
          Long.toString(id),
          AuditEntry.atText(at),
          actor,
          action,
          target,
          details,
          address
        }) {
      field(text, field);
    }
    return HexFormat.of().formatHex(sha256().digest(text.toByteArray()));
  }

  /** The hash {@code entry} should have, from its content and its {@code prevHash}. */
  static String of(AuditEntry entry) {
    return hash(
        entry.prevHash(),
        entry.id(),
        entry.at(),
        entry.actor(),
        entry.action(),
        entry.target(),
        entry.details(),
        entry.address());
  }

  private static void field(ByteArrayOutputStream text, String value) {
    if (value == null) {
      text.write('~');
    } else {
      byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
      text.writeBytes(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
      text.write(':');
      text.writeBytes(bytes);
    }
    text.write('\n');
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
