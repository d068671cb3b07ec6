package dev.pushbutton.run;

import java.util.Locale;

/** What one person decided about a run that awaits approval. */
public enum Verdict {
  APPROVED,
  REJECTED;

  /** The name used in the API and the database: {@code approved}. */
  public String apiName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Verdict fromApiName(String name) {
    for (Verdict verdict : values()) {
      if (verdict.apiName().equals(name)) {
        return verdict;
      }
    }
    throw new IllegalArgumentException("no verdict '" + name + "'");
  }
}
