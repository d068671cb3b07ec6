package dev.pushbutton.audit;

import dev.pushbutton.testing.Databases;
import org.springframework.jdbc.core.simple.JdbcClient;

class PostgresAuditStoreTests extends AuditStoreContract {
  @Override
  Databases.Database database() {
    return Databases.postgres();
  }

  @Override
  void dropTriggers(JdbcClient jdbc) {
    jdbc.sql("drop trigger audit_entries_no_change on audit_entries").update();
  }
}
