package dev.pushbutton.audit;

import dev.pushbutton.catalog.InvalidParameterException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * A page of the audit trail, newest first.
 *
 * @param actor only entries of this actor; null for all
 * @param action only entries of this action; null for all
 * @param since only entries at or after this instant; null for no bound
 * @param until only entries before this instant; null for no bound
 * @param before only entries with an id below this one; null to start at the newest
 */
public record AuditQuery(
    String actor, AuditAction action, Instant since, Instant until, Long before, int limit) {
  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 500;

  /** Everything, newest first, a page of the largest size at a time. */
  public static AuditQuery all() {
    return new AuditQuery(null, null, null, null, null, MAX_LIMIT);
  }

  /**
   * The query as the API and the pages are given it: blanks mean "not given"; anything else that
   * does not fit is refused with the field it came in.
   *
   * @param since and {@code until}: an ISO-8601 instant ({@code 2026-11-23T09:42:10Z}, or with an
   *     offset), a date and time without one, read as UTC (what a browser's date-and-time field
   *     sends), or a date, meaning its start in UTC
   * @param limit 1 to {@value #MAX_LIMIT}; {@value #DEFAULT_LIMIT} when not given
   */
  public static AuditQuery parse(
      String actor, String action, String since, String until, String before, String limit) {
    AuditAction wanted = null;
    if (given(action)) {
      wanted = AuditAction.fromApiName(action.strip());
      if (wanted == null) {
        throw new InvalidParameterException(
            "action", "'action' must be one of " + String.join(", ", AuditAction.apiNames()) + ".");
      }
    }
    Instant from = instant("since", since);
    Instant to = instant("until", until);
    if (from != null && to != null && !to.isAfter(from)) {
      throw new InvalidParameterException("until", "'until' must be later than 'since'.");
    }
    return new AuditQuery(
        given(actor) ? actor.strip() : null,
        wanted,
        from,
        to,
        given(before) ? before(before) : null,
        given(limit) ? limit(limit) : DEFAULT_LIMIT);
  }

  /** The same query, for up to {@code max} entries. */
  public AuditQuery withLimit(int max) {
    return new AuditQuery(actor, action, since, until, before, max);
  }

  /** The same query, for entries older than the entry {@code id}. */
  public AuditQuery withBefore(Long id) {
    return new AuditQuery(actor, action, since, until, id, limit);
  }

  private static boolean given(String value) {
    return value != null && !value.isBlank();
  }

  private static Instant instant(String field, String value) {
    if (!given(value)) {
      return null;
    }
    String text = value.strip();
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException notWithOffset) {
      // a date and time as a browser's datetime-local field sends it, or a date alone
    }
    try {
      return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException notWithoutOffset) {
      // a date alone
    }
    try {
      return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
    } catch (DateTimeParseException e) {
      throw new InvalidParameterException(
          field,
          "'"
              + field
              + "' must be a date and time such as 2026-11-23T09:42:00Z (UTC unless an offset is"
              + " given), or a date such as 2026-11-23.");
    }
  }

  private static long before(String value) {
    try {
      long id = Long.parseLong(value.strip());
      if (id >= 1) {
        return id;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw new InvalidParameterException(
        "before", "'before' must be an entry's id, a whole number from 1.");
  }

  private static int limit(String value) {
    int size;
    try {
      size = Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      size = -1;
    }
    if (size < 1 || size > MAX_LIMIT) {
      throw new InvalidParameterException(
          "limit", "'limit' must be a whole number from 1 to " + MAX_LIMIT + ".");
    }
    return size;
  }
}
