package dev.pushbutton.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushbutton.testing.Databases;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the stores of users, API tokens and failed sign-ins promise, on each database Pushbutton
 * runs on: the same SQL must mean the same on SQLite and PostgreSQL.
 */
abstract class SecurityStoreContract {
  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

  private Databases.Database database;
  private UserStore users;
  private TokenStore tokens;
  private SignInFailures failures;

  abstract Databases.Database database();

  @BeforeEach
  void open() {
    database = database();
    JdbcClient jdbc = JdbcClient.create(database.dataSource());
    JsonMapper json = JsonMapper.builder().build();
    users = new JdbcUserStore(jdbc, json, Clock.fixed(NOW, ZoneOffset.UTC));
    tokens = new JdbcTokenStore(jdbc, json);
    failures = new JdbcSignInFailures(jdbc);
  }

  @AfterEach
  void close() {
    database.close();
  }

  @Test
  void usersAreStoredFoundChangedAndRemoved() {
    assertThat(users.isEmpty()).isTrue();
    User ada = user("ada", Role.OPERATOR, Set.of("ops", "analysts"));
    assertThat(users.insert(ada, null, "{bcrypt}hash")).isTrue();
    assertThat(users.insert(user("ada", Role.ADMIN, Set.of()), null, "x"))
        .as("a name is taken once")
        .isFalse();

    assertThat(users.find("ada")).contains(ada);
    assertThat(users.passwordHash("ada")).contains("{bcrypt}hash");
    assertThat(users.isEmpty()).isFalse();

    User changed = ada.with("Countess", Role.ADMIN, Set.of("board"));
    users.update(changed);
    users.setPasswordHash("ada", "{bcrypt}other");
    assertThat(users.find("ada")).contains(changed);
    assertThat(users.passwordHash("ada")).contains("{bcrypt}other");
    assertThat(users.countAdmins()).isEqualTo(1);

    users.insert(user("bob", Role.VIEWER, Set.of()), null, null);
    assertThat(users.list()).extracting(User::username).containsExactly("ada", "bob");
    assertThat(users.passwordHash("bob")).isEmpty();

    assertThat(users.delete("ada")).isTrue();
    assertThat(users.delete("ada")).isFalse();
    assertThat(users.find("ada")).isEmpty();
  }

  @Test
  void anOpenIdUserIsFoundByProviderAndSubject() {
    User carol = new User("carol", "Carol", Role.VIEWER, Set.of("support"), "keycloak", NOW);
    users.insert(carol, "sub-123", null);
    assertThat(users.findBySubject("keycloak", "sub-123")).contains(carol);
    assertThat(users.findBySubject("okta", "sub-123")).isEmpty();
    assertThat(
            users.insert(
                new User("dave", "Dave", Role.VIEWER, Set.of(), "keycloak", NOW), "sub-123", null))
        .as("one user per provider and subject")
        .isFalse();
  }

  @Test
  void tokensAreFoundByHashWithTheirOwnerAsTheOwnerIsNow() {
    users.insert(user("ada", Role.OPERATOR, Set.of("ops")), null, "x");
    var token = new ApiToken("t1", "ada", "ci", NOW, NOW.plus(30, ChronoUnit.DAYS), null);
    tokens.insert(token, "hash-1");
    tokens.insert(new ApiToken("t2", "ada", "laptop", NOW.plusSeconds(1), null, null), "hash-2");

    TokenStore.Owned found = tokens.findByHash("hash-1").orElseThrow();
    assertThat(found.token()).isEqualTo(token);
    assertThat(found.owner().role()).isEqualTo(Role.OPERATOR);
    users.update(found.owner().with("Ada", Role.VIEWER, Set.of()));
    assertThat(tokens.findByHash("hash-1").orElseThrow().owner().role()).isEqualTo(Role.VIEWER);
    assertThat(tokens.findByHash("no-such-hash")).isEmpty();

    tokens.touch("t1", NOW.plusSeconds(60));
    assertThat(tokens.listOf("ada"))
        .extracting(ApiToken::id, ApiToken::lastUsedAt)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("t2", null),
            org.assertj.core.groups.Tuple.tuple("t1", NOW.plusSeconds(60)));

    assertThat(tokens.delete("t1", "someone-else")).isFalse();
    assertThat(tokens.delete("t1", "ada")).isTrue();
    assertThat(tokens.findByHash("hash-1")).isEmpty();
  }

  @Test
  void deletingAUserRevokesTheirTokens() {
    users.insert(user("ada", Role.OPERATOR, Set.of()), null, "x");
    tokens.insert(new ApiToken("t1", "ada", "ci", NOW, null, null), "hash-1");
    users.delete("ada");
    assertThat(tokens.findByHash("hash-1")).isEmpty();
    assertThat(tokens.listOf("ada")).isEmpty();
  }

  @Test
  void failedSignInsCountUpLockAndClear() {
    assertThat(failures.find("ada")).isEmpty();
    assertThat(failures.recordFailure("ada", NOW)).isEqualTo(1);
    assertThat(failures.recordFailure("ada", NOW)).isEqualTo(2);
    failures.lock("ada", NOW.plusSeconds(30));
    assertThat(failures.find("ada")).contains(new SignInFailures.Failures(2, NOW.plusSeconds(30)));

    failures.recordFailure("old", NOW.minus(2, ChronoUnit.DAYS));
    failures.forgetOlderThan(NOW.minus(1, ChronoUnit.DAYS), NOW);
    assertThat(failures.find("old")).isEmpty();
    assertThat(failures.find("ada")).isPresent();

    failures.clear("ada");
    assertThat(failures.find("ada")).isEmpty();
  }

  private static User user(String name, Role role, Set<String> groups) {
    return new User(name, name, role, groups, User.LOCAL, NOW);
  }
}
