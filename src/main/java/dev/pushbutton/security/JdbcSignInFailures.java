package dev.pushbutton.security;

import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Failed sign-ins in the {@code sign_in_failures} table (SQLite and PostgreSQL alike). */
public final class JdbcSignInFailures implements SignInFailures {
  private final JdbcClient jdbc;

  public JdbcSignInFailures(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public Optional<Failures> find(String username) {
    return jdbc.sql(
            "select failures, locked_until from sign_in_failures where username = :username")
        .param("username", username)
        .query((rs, row) -> {
          long until = rs.getLong("locked_until");
          return new Failures(
              rs.getInt("failures"), rs.wasNull() ? null : Instant.ofEpochMilli(until));
        })
        .optional();
  }

  @Override
  public int recordFailure(String username, Instant at) {
    // One statement, so two failures at once on two nodes both count.
    jdbc.sql(
            "insert into sign_in_failures (username, failures, last_failure)"
                + " values (:username, 1, :at) on conflict (username) do update"
                + " set failures = sign_in_failures.failures + 1, last_failure = :at")
        .param("username", username)
        .param("at", at.toEpochMilli())
        .update();
    return jdbc.sql("select failures from sign_in_failures where username = :username")
        .param("username", username)
        .query(Integer.class)
        .single();
  }

  @Override
  public void lock(String username, Instant until) {
    jdbc.sql("update sign_in_failures set locked_until = :until where username = :username")
        .param("until", until.toEpochMilli())
        .param("username", username)
        .update();
  }

  @Override
  public void clear(String username) {
    jdbc.sql("delete from sign_in_failures where username = :username")
        .param("username", username)
        .update();
  }

  @Override
  public void forgetOlderThan(Instant before, Instant now) {
    jdbc.sql(
            "delete from sign_in_failures where last_failure < :before"
                + " and (locked_until is null or locked_until < :now)")
        .param("before", before.toEpochMilli())
        .param("now", now.toEpochMilli())
        .update();
  }
}
