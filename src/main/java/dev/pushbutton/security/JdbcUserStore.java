package dev.pushbutton.security;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Users in the {@code users} table; the same SQL serves SQLite and PostgreSQL. */
public final class JdbcUserStore implements UserStore {
  private static final String COLUMNS =
      "username, display_name, role, groups, provider, created_at";
  private static final TypeReference<Set<String>> GROUPS = new TypeReference<>() {};

  private final JdbcClient jdbc;
  private final JsonMapper json;
  private final Clock clock;

  public JdbcUserStore(JdbcClient jdbc, JsonMapper json, Clock clock) {
    this.jdbc = jdbc;
    this.json = json;
    this.clock = clock;
  }

  @Override
  public Optional<User> find(String username) {
    return jdbc.sql("select " + COLUMNS + " from users where username = :username")
        .param("username", username)
        .query(this::user)
        .optional();
  }

  @Override
  public Optional<User> findBySubject(String provider, String subject) {
    return jdbc.sql(
            "select " + COLUMNS + " from users where provider = :provider and subject = :subject")
        .param("provider", provider)
        .param("subject", subject)
        .query(this::user)
        .optional();
  }

  @Override
  public List<User> list() {
    return jdbc.sql("select " + COLUMNS + " from users order by username").query(this::user).list();
  }

  @Override
  public boolean insert(User user, String subject, String passwordHash) {
    Map<String, Object> columns = columns(user);
    columns.put("subject", subject);
    columns.put("passwordHash", passwordHash);
    columns.put("createdAt", user.createdAt().toEpochMilli());
    // "on conflict do nothing": two nodes creating the first admin at once must not both fail.
    return jdbc.sql(
                "insert into users (username, display_name, role, groups, password_hash, provider,"
                    + " subject, created_at, updated_at) values (:username, :displayName, :role,"
                    + " :groups, :passwordHash, :provider, :subject, :createdAt, :updatedAt)"
                    + " on conflict do nothing")
            .params(columns)
            .update()
        == 1;
  }

  @Override
  public void update(User user) {
    jdbc.sql(
            "update users set display_name = :displayName, role = :role, groups = :groups,"
                + " updated_at = :updatedAt where username = :username")
        .params(columns(user))
        .update();
  }

  @Override
  public void setPasswordHash(String username, String passwordHash) {
    jdbc.sql("update users set password_hash = :hash, updated_at = :now where username = :username")
        .param("hash", passwordHash)
        .param("now", clock.millis())
        .param("username", username)
        .update();
  }

  @Override
  public Optional<String> passwordHash(String username) {
    return jdbc.sql("select password_hash from users where username = :username")
        .param("username", username)
        .query(String.class)
        .optional();
  }

  @Override
  public boolean delete(String username) {
    // The tokens go by the foreign key's cascade too; said here so no database setting decides.
    jdbc.sql("delete from api_tokens where username = :username")
        .param("username", username)
        .update();
    return jdbc.sql("delete from users where username = :username")
            .param("username", username)
            .update()
        == 1;
  }

  @Override
  public boolean isEmpty() {
    return jdbc.sql("select count(*) from users").query(Long.class).single() == 0;
  }

  @Override
  public long countAdmins() {
    return jdbc.sql("select count(*) from users where role = :role")
        .param("role", Role.ADMIN.apiName())
        .query(Long.class)
        .single();
  }

  private Map<String, Object> columns(User user) {
    var columns = new LinkedHashMap<String, Object>();
    columns.put("username", user.username());
    columns.put("displayName", user.displayName());
    columns.put("role", user.role().apiName());
    columns.put("groups", json.writeValueAsString(user.groups()));
    columns.put("provider", user.provider());
    columns.put("updatedAt", clock.millis());
    return columns;
  }

  private User user(ResultSet rs, int row) throws SQLException {
    return read(rs, json, "created_at");
  }

  /** The user in this row, whose creation time is in {@code createdAt} (joins rename it). */
  static User read(ResultSet rs, JsonMapper json, String createdAt) throws SQLException {
    return new User(
        rs.getString("username"),
        rs.getString("display_name"),
        Role.fromApiName(rs.getString("role")),
        json.readValue(rs.getString("groups"), GROUPS),
        rs.getString("provider"),
        Instant.ofEpochMilli(rs.getLong(createdAt)));
  }
}
