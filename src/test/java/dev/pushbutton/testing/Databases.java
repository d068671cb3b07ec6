package dev.pushbutton.testing;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A fresh, migrated database of each kind Pushbutton runs on, for the storage contract tests:
 * SQLite in a file, and PostgreSQL on the machine's server (127.0.0.1:5432, user {@code postgres},
 * or {@code PUSHBUTTON_TEST_POSTGRES_URL}), in a database of its own that is dropped afterwards.
 * Without a PostgreSQL server the PostgreSQL half is skipped, except under {@code CI=true}, where
 * it fails.
 */
public final class Databases {
  private static final String POSTGRES =
      System.getenv()
          .getOrDefault(
              "PUSHBUTTON_TEST_POSTGRES_URL",
              "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");

  private Databases() {}

  /** A migrated database; closing it closes its pool and drops what it made. */
  public record Database(HikariDataSource dataSource, Runnable dropped) implements AutoCloseable {
    @Override
    public void close() {
      dataSource.close();
      dropped.run();
    }
  }

  public static Database sqlite(Path dir) {
    var config = new HikariConfig();
    config.setJdbcUrl(
        "jdbc:sqlite:"
            + dir.resolve("test.db")
            + "?journal_mode=WAL&busy_timeout=30000&foreign_keys=true");
    config.setMaximumPoolSize(4);
    return migrated(new HikariDataSource(config), "sqlite", () -> {}); // the test's folder goes
  }

  public static Database postgres() {
    String name = "pushbutton_test_" + UUID.randomUUID().toString().replace("-", "");
    try (Connection admin = DriverManager.getConnection(POSTGRES);
        Statement statement = admin.createStatement()) {
      statement.execute("create database " + name);
    } catch (SQLException e) {
      if ("true".equals(System.getenv("CI"))) {
        Assertions.fail("the PostgreSQL contract tests need a server at " + POSTGRES, e);
      }
      Assumptions.abort("no PostgreSQL server at " + POSTGRES + ": " + e.getMessage());
    }
    var config = new HikariConfig();
    config.setJdbcUrl(POSTGRES.replace("/postgres?", "/" + name + "?"));
    config.setMaximumPoolSize(4);
    return migrated(
        new HikariDataSource(config),
        "postgresql",
        () -> {
          try (Connection admin = DriverManager.getConnection(POSTGRES);
              Statement statement = admin.createStatement()) {
            statement.execute("drop database if exists " + name);
          } catch (SQLException e) {
            throw new IllegalStateException("could not drop " + name, e);
          }
        });
  }

  private static Database migrated(HikariDataSource dataSource, String vendor, Runnable dropped) {
    Flyway.configure()
        .dataSource(dataSource)
        .locations("classpath:db/migration/" + vendor)
        .load()
        .migrate();
    return new Database(dataSource, dropped);
  }
}
