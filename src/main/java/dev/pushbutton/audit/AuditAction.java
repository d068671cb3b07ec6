package dev.pushbutton.audit;

import java.util.Arrays;
import java.util.List;

/**
 * What an entry of the audit trail records: a fixed list, so that the trail can be filtered by it
 * and a reader knows every word it may meet. The names are the ones stored, shown and filtered by.
 */
public enum AuditAction {
  /** Someone signed in on the form or through an OpenID provider (not with HTTP Basic). */
  SIGN_IN("sign-in"),
  /** A sign-in was refused; the actor is the name tried. */
  SIGN_IN_FAILED("sign-in.failed"),
  SIGN_OUT("sign-out"),
  TOKEN_CREATED("token.created"),
  TOKEN_REVOKED("token.revoked"),
  USER_CREATED("user.created"),
  /**
   * A user's role, groups, name or password changed; the details say which (never the values of a
   * password).
   */
  USER_CHANGED("user.changed"),
  USER_DELETED("user.deleted"),
  /** The server read its catalog at start-up; the details hold the file's SHA-256. */
  CATALOG_LOADED("catalog.loaded"),
  RUN_REQUESTED("run.requested"),
  RUN_STARTED("run.started"),
  RUN_STOPPED("run.stopped"),
  RUN_APPROVED("run.approved"),
  RUN_REJECTED("run.rejected");

  private final String apiName;

  AuditAction(String apiName) {
    this.apiName = apiName;
  }

  /** The name stored, shown and filtered by. */
  public String apiName() {
    return apiName;
  }

  /** The action called {@code name}; null when there is none. */
  public static AuditAction fromApiName(String name) {
    for (AuditAction action : values()) {
      if (action.apiName.equals(name)) {
        return action;
      }
    }
    return null;
  }

  /** Every action's name, in this list's order. */
  public static List<String> apiNames() {
    return Arrays.stream(values()).map(AuditAction::apiName).toList();
  }
}
