package dev.pushbutton.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The audit trail in the {@code audit_entries} table; the same SQL serves SQLite and PostgreSQL.
 *
 * <p>An append reads the last entry's id and hash and inserts the next id chained to that hash. Two
 * nodes that read the same last entry both try the same id: the primary key lets one in, the other
 * inserts nothing ({@code on conflict do nothing}) and tries again on the new last entry. No lock
 * is held between the read and the insert, so this works on SQLite (where a read that turns into a
 * write inside one transaction can fail at once when another writer came between) as on PostgreSQL.
 */
public final class JdbcAuditStore implements AuditStore {
  /** Enough for dozens of nodes appending at once; past it something else is wrong. */
  static final int MAX_ATTEMPTS = 200;

  private static final String COLUMNS =
      "id, at, actor, action, target, details, address, prev_hash, hash";

  private final JdbcClient jdbc;

  public JdbcAuditStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public AuditEntry append(Draft draft) {
    for (int attempt = 1; ; attempt++) {
      AuditEntry entry =
          last()
              .map(l -> draft.chainedTo(l.id() + 1, l.hash()))
              .orElseGet(() -> draft.chainedTo(1, HashChain.GENESIS));
      if (insert(entry)) {
        return entry;
      }
      if (attempt == MAX_ATTEMPTS) {
        throw new IllegalStateException(
            "could not append to the audit trail: another writer took entry #"
                + entry.id()
                + " each of "
                + MAX_ATTEMPTS
                + " times");
      }
      // Another node took this id: wait a moment that grows with the tries and differs between
      // nodes, so that those who collided do not collide again in step.
      LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(1, attempt * 200_000L));
    }
  }

  private record Link(long id, String hash) {}

  private Optional<Link> last() {
    return jdbc.sql("select id, hash from audit_entries order by id desc limit 1")
        .query((rs, row) -> new Link(rs.getLong("id"), rs.getString("hash")))
        .optional();
  }

  private boolean insert(AuditEntry entry) {
    return jdbc.sql(
                "insert into audit_entries (id, at, actor, action, target, details, address,"
                    + " prev_hash, hash) values (:id, :at, :actor, :action, :target, :details,"
                    + " :address, :prevHash, :hash) on conflict (id) do nothing")
            .param("id", entry.id())
            .param("at", entry.at().toEpochMilli())
            .param("actor", entry.actor())
            .param("action", entry.action())
            .param("target", entry.target())
            .param("details", entry.details())
            .param("address", entry.address())
            .param("prevHash", entry.prevHash())
            .param("hash", entry.hash())
            .update()
        == 1;
  }

  @Override
  public List<AuditEntry> list(AuditQuery query) {
    var where = new ArrayList<String>();
    Map<String, Object> params = new HashMap<>();
    if (query.actor() != null) {
      where.add("actor = :actor");
      params.put("actor", query.actor());
    }
    if (query.action() != null) {
      where.add("action = :action");
      params.put("action", query.action().apiName());
    }
    if (query.since() != null) {
      where.add("at >= :since");
      params.put("since", query.since().toEpochMilli());
    }
    if (query.until() != null) {
      where.add("at < :until");
      params.put("until", query.until().toEpochMilli());
    }
    if (query.before() != null) {
      where.add("id < :before");
      params.put("before", query.before());
    }
    params.put("limit", query.limit());
    return jdbc.sql(
            "select "
                + COLUMNS
                + " from audit_entries"
                + (where.isEmpty() ? "" : " where " + String.join(" and ", where))
                + " order by id desc limit :limit")
        .params(params)
        .query(JdbcAuditStore::entry)
        .list();
  }

  @Override
  public List<AuditEntry> after(long afterId, int limit) {
    return jdbc.sql(
            "select " + COLUMNS + " from audit_entries where id > :after order by id limit :limit")
        .param("after", afterId)
        .param("limit", limit)
        .query(JdbcAuditStore::entry)
        .list();
  }

  private static AuditEntry entry(ResultSet rs, int row) throws SQLException {
    return new AuditEntry(
        rs.getLong("id"),
        Instant.ofEpochMilli(rs.getLong("at")),
        rs.getString("actor"),
        rs.getString("action"),
        rs.getString("target"),
        rs.getString("details"),
        rs.getString("address"),
        rs.getString("prev_hash"),
        rs.getString("hash"));
  }
}
