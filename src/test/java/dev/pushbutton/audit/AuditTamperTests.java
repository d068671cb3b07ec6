package dev.pushbutton.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pushbutton.testing.ServerTest;
import dev.pushbutton.testing.WebSession;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Someone with the database's keys goes behind the server's back: the database refuses to change
 * the trail until they drop its triggers, and once they have, {@code /api/audit/verify} and the
 * Audit page name the entry they touched. Each test puts the trail back as it was; the server is
 * thrown away afterwards all the same, so no other test meets a trail someone tampered with.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class AuditTamperTests extends ServerTest {
  @Value("${pushbutton.data-dir}")
  Path dataDir;

  @Test
  void anEntryEditedInTheDatabaseIsNamedByVerify() throws Exception {
    long id = middleEntry();
    try (Connection db = database()) {
      String original = text(db, "select details from audit_entries where id = " + id);
      String trigger = triggerSql(db, "audit_entries_no_update");
      String edit = "update audit_entries set details = '{\"role\":\"admin\"}' where id = " + id;
      assertThatThrownBy(() -> execute(db, edit))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("append-only");

      execute(db, "drop trigger audit_entries_no_update");
      execute(db, edit);

      Map<String, Object> check = api.get("/api/audit/verify").json();
      assertThat(check)
          .containsOnlyKeys("intact", "entries", "brokenAt", "reason")
          .containsEntry("intact", false)
          .containsEntry("brokenAt", (int) id)
          .containsEntry(
              "reason",
              "its content does not match its hash: it was changed after it was written.");
      assertThat(auditPage())
          .contains("Chain broken at entry #" + id + ": its content does not match its hash");

      try (PreparedStatement back =
          db.prepareStatement("update audit_entries set details = ? where id = ?")) {
        back.setString(1, original);
        back.setLong(2, id);
        back.executeUpdate();
      }
      execute(db, trigger);
    }
    assertThat(api.get("/api/audit/verify").json())
        .as("the content as it was: the chain holds again")
        .containsEntry("intact", true);
  }

  @Test
  void anEntryRemovedFromTheMiddleIsNamedByVerify() throws Exception {
    long id = middleEntry();
    try (Connection db = database()) {
      List<Object> row = row(db, id);
      String trigger = triggerSql(db, "audit_entries_no_delete");
      String remove = "delete from audit_entries where id = " + id;
      assertThatThrownBy(() -> execute(db, remove))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("append-only");

      execute(db, "drop trigger audit_entries_no_delete");
      execute(db, remove);

      Map<String, Object> check = api.get("/api/audit/verify").json();
      assertThat(check)
          .containsEntry("intact", false)
          .containsEntry("brokenAt", (int) id + 1)
          .containsEntry("reason", "entry #" + id + " is missing.");
      assertThat(auditPage())
          .contains("Chain broken at entry #" + (id + 1) + ": entry #" + id + " is missing.");

      try (PreparedStatement back =
          db.prepareStatement("insert into audit_entries values (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        for (int i = 0; i < row.size(); i++) {
          back.setObject(i + 1, row.get(i));
        }
        back.executeUpdate();
      }
      execute(db, trigger);
    }
    assertThat(api.get("/api/audit/verify").json()).containsEntry("intact", true);
  }

  /** An entry with others after it: a new user's, then a token of theirs. */
  private long middleEntry() {
    var person = newUser("viewer");
    person.api().post("/api/tokens", Map.of("name", "after"));
    assertThat(api.get("/api/audit/verify").json()).containsEntry("intact", true);
    return api.get("/api/audit?action=user.created&limit=500").jsonList().stream()
        .filter(e -> person.username().equals(e.get("target")))
        .map(e -> ((Number) e.get("id")).longValue())
        .findFirst()
        .orElseThrow();
  }

  private String auditPage() {
    return WebSession.signIn(api.base(), "admin", ADMIN_PASSWORD).get("/audit").body();
  }

  private Connection database() throws SQLException {
    return DriverManager.getConnection(
        "jdbc:sqlite:" + dataDir.resolve("pushbutton.db").toAbsolutePath() + "?busy_timeout=10000");
  }

  private static void execute(Connection db, String sql) throws SQLException {
    try (Statement statement = db.createStatement()) {
      statement.execute(sql);
    }
  }

  private static String text(Connection db, String sql) throws SQLException {
    try (Statement statement = db.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      assertThat(rs.next()).isTrue();
      return rs.getString(1);
    }
  }

  /** The statement that made the trigger, to make it again afterwards. */
  private static String triggerSql(Connection db, String name) throws SQLException {
    return text(
        db, "select sql from sqlite_master where type = 'trigger' and name = '" + name + "'");
  }

  private static List<Object> row(Connection db, long id) throws SQLException {
    try (Statement statement = db.createStatement();
        ResultSet rs = statement.executeQuery("select * from audit_entries where id = " + id)) {
      assertThat(rs.next()).isTrue();
      var row = new ArrayList<Object>();
      for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
        row.add(rs.getObject(i));
      }
      return row;
    }
  }
}
