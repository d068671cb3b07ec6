package dev.pushbutton.audit;

import dev.pushbutton.testing.Databases;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

class SqliteAuditStoreTests extends AuditStoreContract {
  @TempDir Path dir;

  @Override
  Databases.Database database() {
    return Databases.sqlite(dir);
  }

  @Override
  void dropTriggers(JdbcClient jdbc) {
    jdbc.sql("drop trigger audit_entries_no_update").update();
    jdbc.sql("drop trigger audit_entries_no_delete").update();
  }
}
