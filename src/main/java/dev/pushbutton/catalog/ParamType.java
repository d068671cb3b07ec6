package dev.pushbutton.catalog;

import java.util.Locale;

/** The kinds of parameter a job can declare; each decides its input and its validation. */
public enum ParamType {
  STRING,
  TEXT,
  CHOICE,
  BOOLEAN,
  INTEGER,
  SECRET;

  public String yamlName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
