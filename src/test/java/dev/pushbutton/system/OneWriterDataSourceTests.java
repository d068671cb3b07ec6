package dev.pushbutton.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One writer at a time among the server's SQLite connections: a second writer waits for the first
 * in Java, and SQLite never answers it SQLITE_BUSY. The pool's connections have a busy timeout of
 * zero here, so without the wait SQLite would refuse the second writer at once.
 */
class OneWriterDataSourceTests {
  @TempDir Path dir;
  private HikariDataSource pool;
  private OneWriterDataSource data;

  @BeforeEach
  void open() throws Exception {
    var config = new HikariConfig();
    config.setJdbcUrl("jdbc:sqlite:" + dir.resolve("test.db") + "?journal_mode=WAL&busy_timeout=0");
    config.setMaximumPoolSize(4);
    pool = new HikariDataSource(config);
    data = new OneWriterDataSource(pool, Duration.ofSeconds(2));
    try (Connection c = data.getConnection();
        Statement s = c.createStatement()) {
      s.execute("create table t (n integer)");
    }
  }

  @AfterEach
  void close() throws Exception {
    data.close();
  }

  @Test
  void aWriterWaitsForATransactionToCommitInsteadOfBeingRefused() throws Exception {
    var inserted = new CountDownLatch(1);
    var commit = new CountDownLatch(1);
    CompletableFuture<Void> first =
        CompletableFuture.runAsync(() -> {
          try (Connection c = data.getConnection()) {
            c.setAutoCommit(false);
            try (var insert = c.prepareStatement("insert into t values (1)")) {
              insert.executeUpdate();
            }
            inserted.countDown();
            commit.await();
            c.commit();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
    assertThat(inserted.await(5, TimeUnit.SECONDS)).isTrue();

    CompletableFuture<Long> second =
        CompletableFuture.supplyAsync(() -> {
          try (Connection c = data.getConnection();
              var insert = c.prepareStatement("insert into t values (2)")) {
            insert.executeUpdate();
            return System.nanoTime();
          } catch (SQLException e) {
            throw new IllegalStateException(e);
          }
        });
    Thread.sleep(200);
    assertThat(second).isNotDone(); // waiting, not refused
    try (Connection c = data.getConnection();
        var read = c.prepareStatement("select count(*) from t");
        var rows = read.executeQuery()) {
      rows.next();
      assertThat(rows.getInt(1)).as("a reader does not wait for the writer").isZero();
    }
    long committed = System.nanoTime();
    commit.countDown();
    first.get(5, TimeUnit.SECONDS);
    assertThat(second.get(5, TimeUnit.SECONDS)).isGreaterThan(committed);
    assertThat(count()).isEqualTo(2);
  }

  @Test
  void aWriterThatWaitsLongerThanTheBusyTimeoutIsRefusedAsSqliteWouldRefuseIt() throws Exception {
    try (Connection holder = data.getConnection()) {
      holder.setAutoCommit(false);
      try (var insert = holder.prepareStatement("insert into t values (1)")) {
        insert.executeUpdate();
      }
      var waiting =
          CompletableFuture.runAsync(() -> {
            try (Connection c = data.getConnection();
                var insert = c.prepareStatement("insert into t values (2)")) {
              insert.executeUpdate();
            } catch (SQLException e) {
              throw new IllegalStateException(e);
            }
          });
      assertThatThrownBy(() -> waiting.get(10, TimeUnit.SECONDS))
          .hasRootCauseInstanceOf(SQLException.class)
          .rootCause()
          .hasMessageContaining("SQLITE_BUSY");
      holder.rollback();
    }
    try (Connection c = data.getConnection();
        var insert = c.prepareStatement("insert into t values (3)")) {
      insert.executeUpdate(); // the rollback gave the turn back
    }
    assertThat(count()).isEqualTo(1);
  }

  @Test
  void readsAreTheStatementsThatStartWithSelectWithExplainOrValues() {
    assertThat(OneWriterDataSource.writes("  SELECT 1")).isFalse();
    assertThat(OneWriterDataSource.writes("with x as (select 1) select * from x")).isFalse();
    assertThat(OneWriterDataSource.writes("explain query plan select 1")).isFalse();
    assertThat(OneWriterDataSource.writes("values (1)")).isFalse();
    assertThat(OneWriterDataSource.writes("insert into t values (1)")).isTrue();
    assertThat(OneWriterDataSource.writes("\nupdate t set n = 1")).isTrue();
    assertThat(OneWriterDataSource.writes("delete from t")).isTrue();
    assertThat(OneWriterDataSource.writes("create table u (n int)")).isTrue();
    assertThat(OneWriterDataSource.writes("selection_is_not_a_keyword")).isTrue();
  }

  private int count() throws SQLException {
    try (Connection c = data.getConnection();
        var read = c.prepareStatement("select count(*) from t");
        var rows = read.executeQuery()) {
      rows.next();
      return rows.getInt(1);
    }
  }
}
