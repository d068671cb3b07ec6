package dev.pushbutton.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;

/**
 * Fills the database of a running embedded server with old runs, straight through SQLite (WAL lets
 * it write beside the server), so listing can be timed against a realistic history.
 */
final class HistorySeed {
  private static final String[] JOBS = {"noop", "stamp", "ticker", "flood", "lines", "idle"};

  private HistorySeed() {}

  static void insert(Path database, int runs) throws Exception {
    long start =
        System.currentTimeMillis() - runs * 60_000L; // one a minute, all older than today's runs
    try (Connection db =
        DriverManager.getConnection("jdbc:sqlite:" + database + "?busy_timeout=30000")) {
      db.setAutoCommit(false);
      try (PreparedStatement insert =
          db.prepareStatement(
              "insert into runs (id, job_id, state, exit_code, params, created_at, started_at, finished_at)"
                  + " values (?, ?, ?, ?, '{}', ?, ?, ?)")) {
        for (int i = 0; i < runs; i++) {
          long at = start + i * 60_000L;
          boolean failed = i % 10 == 0;
          insert.setString(1, uuid7(at, i));
          insert.setString(2, JOBS[i % JOBS.length]);
          insert.setString(3, failed ? "failed" : "succeeded");
          insert.setInt(4, failed ? 1 : 0);
          insert.setLong(5, at);
          insert.setLong(6, at + 10);
          insert.setLong(7, at + 5_000);
          insert.addBatch();
          if (i % 5_000 == 4_999) {
            insert.executeBatch();
          }
        }
        insert.executeBatch();
      }
      db.commit();
    }
  }

  /** The id of the run at position {@code offset}, oldest first. */
  static String idNear(Path database, int offset) throws Exception {
    try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + database);
        PreparedStatement query =
            db.prepareStatement("select id from runs order by id limit 1 offset ?")) {
      query.setInt(1, offset);
      try (ResultSet rs = query.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }

  private static String uuid7(long millis, long counter) {
    long msb = (millis << 16) | (0x7L << 12) | (counter & 0xFFF);
    long lsb = 0x8000000000000000L | (counter * 0x9E3779B97F4A7C15L >>> 2);
    return new UUID(msb, lsb).toString();
  }
}
