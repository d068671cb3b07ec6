package dev.pushbutton.system;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
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
    // StartupCheck has made the directory (its owner's only) and written in it before any bean.
    Path dir = properties.dataDir().toAbsolutePath();
    Duration wait = properties.database().busyTimeout();
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
    return new OneWriterDataSource(new HikariDataSource(config), wait);
  }
}
