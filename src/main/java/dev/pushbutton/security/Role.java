package dev.pushbutton.security;

import java.util.Locale;

/** What a user may do in general; which jobs they may do it to is up to the jobs' groups. */
public enum Role {
  /** Sees the jobs and runs they may see. */
  VIEWER,
  /** Also starts and kills runs of the jobs they may run. */
  OPERATOR,
  /** Everything, users included, on every job. */
  ADMIN;

  /** The name used in the API, the pages and the database. */
  public String apiName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The role called {@code name} in the API; null when there is none. */
  public static Role fromApiName(String name) {
    for (Role role : values()) {
      if (role.apiName().equals(name)) {
        return role;
      }
    }
    return null;
  }
}
