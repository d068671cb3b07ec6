package dev.pushbutton.api;

import dev.pushbutton.audit.AuditEntry;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * An audit entry as the API shows it: the time in UTC with milliseconds, the details as the JSON
 * object they are.
 */
record AuditView(
    long id,
    String at,
    String actor,
    String action,
    String target,
    JsonNode details,
    String address,
    String hash) {

  static AuditView of(AuditEntry entry, JsonMapper json) {
    return new AuditView(
        entry.id(),
        entry.atText(),
        entry.actor(),
        entry.action(),
        entry.target(),
        details(entry.details(), json),
        entry.address(),
        entry.hash());
  }

  /** The stored details; as the text they are if someone broke them (verify then says where). */
  private static JsonNode details(String text, JsonMapper json) {
    try {
      return json.readTree(text);
    } catch (JacksonException notJson) {
      return JsonNodeFactory.instance.stringNode(text);
    }
  }
}
