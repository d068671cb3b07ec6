package dev.pushbutton.audit;

import dev.pushbutton.security.ApiToken;
import dev.pushbutton.security.TokenCreated;
import dev.pushbutton.security.TokenRevoked;
import dev.pushbutton.security.User;
import dev.pushbutton.security.UserChanged;
import dev.pushbutton.security.UserCreated;
import dev.pushbutton.security.UserDeleted;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.context.event.EventListener;

/**
 * Changes to users and API tokens, from the events {@code security} publishes. The details say what
 * changed, never a value that lets anyone in: a password shows only as set, a token only by its id
 * and name.
 */
final class AccountAudit {
  private final AuditTrail trail;

  AccountAudit(AuditTrail trail) {
    this.trail = trail;
  }

  @EventListener
  void userCreated(UserCreated event) {
    User user = event.user();
    var details = new LinkedHashMap<String, Object>();
    details.put("displayName", user.displayName());
    details.put("role", user.role().apiName());
    details.put("groups", List.copyOf(user.groups()));
    details.put("provider", user.provider());
    trail.record(event.actor(), AuditAction.USER_CREATED, user.username(), details);
  }

  /**
   * What changed, each as {@code {"from", "to"}}; a password as "changed" (by its owner) or
   * "reset".
   */
  @EventListener
  void userChanged(UserChanged event) {
    User before = event.before();
    User after = event.after();
    var details = new LinkedHashMap<String, Object>();
    change(details, "displayName", before.displayName(), after.displayName());
    change(details, "role", before.role().apiName(), after.role().apiName());
    change(details, "groups", List.copyOf(before.groups()), List.copyOf(after.groups()));
    if (event.passwordSet()) {
      details.put("password", event.actor().equals(after.username()) ? "changed" : "reset");
    }
    trail.record(event.actor(), AuditAction.USER_CHANGED, after.username(), details);
  }

  @EventListener
  void userDeleted(UserDeleted event) {
    User user = event.user();
    trail.record(
        event.actor(),
        AuditAction.USER_DELETED,
        user.username(),
        Map.of("role", user.role().apiName(), "provider", user.provider()));
  }

  @EventListener
  void tokenCreated(TokenCreated event) {
    ApiToken token = event.token();
    var details = new LinkedHashMap<String, Object>();
    details.put("owner", token.username());
    details.put("name", token.name());
    details.put("expiresAt", token.expiresAt() == null ? null : token.expiresAt().toString());
    trail.record(event.actor(), AuditAction.TOKEN_CREATED, token.id(), details);
  }

  @EventListener
  void tokenRevoked(TokenRevoked event) {
    trail.record(
        event.actor(), AuditAction.TOKEN_REVOKED, event.tokenId(), Map.of("owner", event.owner()));
  }

  private static void change(Map<String, Object> details, String field, Object from, Object to) {
    if (!Objects.equals(from, to)) {
      var change = new LinkedHashMap<String, Object>();
      change.put("from", from);
      change.put("to", to);
      details.put(field, change);
    }
  }
}
