package dev.pushbutton.system;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The embedded database: SQLite in the data directory, unless {@code spring.datasource.url} names
 * another database (then Spring Boot's own data source applies).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "spring.datasource.url", havingValue = "", matchIfMissing = true)
class StorageConfiguration {

  @Bean(destroyMethod = "close")
  DataSource dataSource(PushbuttonProperties properties) {
    Path dir = properties.dataDir().toAbsolutePath();
    Duration wait = properties.database().busyTimeout();
    try {
      if (!Files.isDirectory(dir)) {
        // Only its owner may read it: the database holds signed-in sessions and password hashes,
        // and the logs whatever the jobs printed.
        Files.createDirectories(
            dir,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the data directory " + dir, e);
    }
    var config = new HikariConfig();
    config.setPoolName("sqlite");
    // WAL lets readers go on while one writer writes; NORMAL sync is durable across a process
    // crash.
    config.setJdbcUrl(
        "jdbc:sqlite:"
            + dir.resolve("pushbutton.db")
            + "?journal_mode=WAL&synchronous=NORMAL&foreign_keys=true&busy_timeout="
            + wait.toMillis());
    config.setMaximumPoolSize(8);
    // A request never waits longer than this for the database, connection included: then it is
    // answered 503 (a busy or locked database is a passing fault, not a hang).
    config.setConnectionTimeout(Math.max(250, wait.toMillis()));
    return new HikariDataSource(config);
  }
}
