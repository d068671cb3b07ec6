package dev.pushbutton.security;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/** API tokens in the {@code api_tokens} table; the same SQL serves SQLite and PostgreSQL. */
public final class JdbcTokenStore implements TokenStore {
  private static final String COLUMNS =
      "t.id, t.username, t.name, t.created_at, t.expires_at, t.last_used_at";

  private final JdbcClient jdbc;
  private final JsonMapper json;

  public JdbcTokenStore(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  @Override
  public void insert(ApiToken token, String hash) {
    jdbc.sql(
            "insert into api_tokens (id, username, name, token_hash, created_at, expires_at)"
                + " values (:id, :username, :name, :hash, :createdAt, :expiresAt)")
        .param("id", token.id())
        .param("username", token.username())
        .param("name", token.name())
        .param("hash", hash)
        .param("createdAt", token.createdAt().toEpochMilli())
        .param("expiresAt", millis(token.expiresAt()))
        .update();
  }

  @Override
  public Optional<Owned> findByHash(String hash) {
    // One query for the token and its owner: this runs on every request a script makes.
    return jdbc.sql(
            "select "
                + COLUMNS
                + ", u.display_name, u.role, u.groups, u.provider, u.created_at as user_created_at"
                + " from api_tokens t join users u on u.username = t.username"
                + " where t.token_hash = :hash")
        .param("hash", hash)
        .query(
            (rs, row) -> new Owned(token(rs, row), JdbcUserStore.read(rs, json, "user_created_at")))
        .optional();
  }

  @Override
  public List<ApiToken> listOf(String username) {
    return jdbc.sql(
            "select "
                + COLUMNS
                + " from api_tokens t where t.username = :username order by t.created_at desc, t.id")
        .param("username", username)
        .query(this::token)
        .list();
  }

  @Override
  public boolean delete(String id, String username) {
    return jdbc.sql("delete from api_tokens where id = :id and username = :username")
            .param("id", id)
            .param("username", username)
            .update()
        == 1;
  }

  @Override
  public void touch(String id, Instant at) {
    jdbc.sql("update api_tokens set last_used_at = :at where id = :id")
        .param("at", at.toEpochMilli())
        .param("id", id)
        .update();
  }

  private ApiToken token(ResultSet rs, int row) throws SQLException {
    return new ApiToken(
        rs.getString("id"),
        rs.getString("username"),
        rs.getString("name"),
        Instant.ofEpochMilli(rs.getLong("created_at")),
        instant(rs, "expires_at"),
        instant(rs, "last_used_at"));
  }

  private static Long millis(Instant at) {
    return at == null ? null : at.toEpochMilli();
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    long millis = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
  }
}
