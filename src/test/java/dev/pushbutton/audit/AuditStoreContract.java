package dev.pushbutton.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.pushbutton.testing.Databases;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What the audit trail's store promises, on each database Pushbutton runs on: one chain from the
 * first entry, found back as written, refused any change by the database, and whole however many
 * nodes append at once; and what verification sees when someone gets past the database's refusal.
 */
abstract class AuditStoreContract {
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  private Databases.Database database;
  private JdbcClient jdbc;
  private SteppingClock clock;
  private AuditTrail trail;

  abstract Databases.Database database();

  /**
   * Drops the triggers that make the table append-only, as someone with the database's keys could.
   */
  abstract void dropTriggers(JdbcClient jdbc);

  @BeforeEach
  void open() {
    database = database();
    jdbc = JdbcClient.create(database.dataSource());
    clock = new SteppingClock(T0);
    trail = new AuditTrail(new JdbcAuditStore(jdbc), clock);
  }

  @AfterEach
  void close() {
    database.close();
  }

  @Test
  void entriesChainFromTheGenesisValueWithIdsOneByOne() {
    assertThat(trail.verify()).isEqualTo(ChainCheck.intact(0, HashChain.GENESIS));

    AuditEntry first = trail.append("ada", AuditAction.SIGN_IN, "ada", Map.of("via", "form"));
    AuditEntry second =
        trail.append(
            "ada",
            AuditAction.USER_CHANGED,
            "bob",
            Map.of("role", Map.of("to", "admin", "from", "viewer"), "password", "reset"));
    AuditEntry third = trail.append(AuditTrail.SERVER, AuditAction.CATALOG_LOADED, "/c.yml", null);

    assertThat(List.of(first.id(), second.id(), third.id())).containsExactly(1L, 2L, 3L);
    assertThat(first.prevHash()).isEqualTo(HashChain.GENESIS);
    assertThat(second.prevHash()).isEqualTo(first.hash());
    assertThat(third.prevHash()).isEqualTo(second.hash());
    assertThat(second.details())
        .as("keys in order, so the same details always read (and hash) the same")
        .isEqualTo("{\"password\":\"reset\",\"role\":{\"from\":\"viewer\",\"to\":\"admin\"}}");
    assertThat(third.details()).isEqualTo("{}");
    assertThat(third.address()).as("no request on this thread").isNull();
    assertThat(trail.list(AuditQuery.all()))
        .as("read back exactly as written, newest first")
        .containsExactly(third, second, first);
    assertThat(trail.verify()).isEqualTo(ChainCheck.intact(3, third.hash()));
  }

  @Test
  void theHashCoversEveryFieldAndThePreviousHash() {
    AuditEntry entry = trail.append("ada", AuditAction.SIGN_IN, "ada", Map.of("via", "form"));
    String hash = entry.hash();
    assertThat(hash).matches("[0-9a-f]{64}").isEqualTo(HashChain.of(entry));
    var changes =
        List.of(
            new AuditEntry(
                2,
                entry.at(),
                "ada",
                "sign-in",
                "ada",
                entry.details(),
                null,
                entry.prevHash(),
                hash),
            new AuditEntry(
                1,
                entry.at().plusMillis(1),
                "ada",
                "sign-in",
                "ada",
                entry.details(),
                null,
                entry.prevHash(),
                hash),
            new AuditEntry(
                1,
                entry.at(),
                "adb",
                "sign-in",
                "ada",
                entry.details(),
                null,
                entry.prevHash(),
                hash),
            new AuditEntry(
                1,
                entry.at(),
                "ada",
                "sign-out",
                "ada",
                entry.details(),
                null,
                entry.prevHash(),
                hash),
            new AuditEntry(
                1,
                entry.at(),
                "ada",
                "sign-in",
                null,
                entry.details(),
                null,
                entry.prevHash(),
                hash),
            new AuditEntry(
                1, entry.at(), "ada", "sign-in", "ada", "{}", null, entry.prevHash(), hash),
            new AuditEntry(
                1,
                entry.at(),
                "ada",
                "sign-in",
                "ada",
                entry.details(),
                "",
                entry.prevHash(),
                hash),
            new AuditEntry(
                1,
                entry.at(),
                "ada",
                "sign-in",
                "ada",
                entry.details(),
                null,
                "1".repeat(64),
                hash));
    assertThat(changes).allSatisfy(changed -> assertThat(HashChain.of(changed)).isNotEqualTo(hash));
    assertThat(HashChain.hash(HashChain.GENESIS, 1, entry.at(), "a", "b\nc", null, "{}", null))
        .as("fields cannot run into each other: lengths come first")
        .isNotEqualTo(
            HashChain.hash(HashChain.GENESIS, 1, entry.at(), "a\nb", "c", null, "{}", null));
  }

  @Test
  void entriesAreFoundByActorActionTimeAndPage() {
    for (int i = 1; i <= 6; i++) {
      trail.append(
          i % 2 == 0 ? "ada" : "bob",
          i <= 3 ? AuditAction.SIGN_IN : AuditAction.SIGN_OUT,
          "t" + i,
          null);
    }
    assertThat(ids(new AuditQuery("ada", null, null, null, null, 50))).containsExactly(6L, 4L, 2L);
    assertThat(ids(new AuditQuery(null, AuditAction.SIGN_OUT, null, null, null, 50)))
        .containsExactly(6L, 5L, 4L);
    assertThat(ids(new AuditQuery("bob", AuditAction.SIGN_IN, null, null, null, 50)))
        .containsExactly(3L, 1L);
    // The clock moves one second per entry: entry n is at T0 + (n - 1) s.
    assertThat(ids(new AuditQuery(null, null, T0.plusSeconds(2), T0.plusSeconds(4), null, 50)))
        .as("since is inclusive, until is not")
        .containsExactly(4L, 3L);
    assertThat(ids(new AuditQuery(null, null, null, null, null, 2))).containsExactly(6L, 5L);
    assertThat(ids(new AuditQuery(null, null, null, null, 5L, 2))).containsExactly(4L, 3L);
    assertThat(ids(new AuditQuery(null, null, null, null, 1L, 2))).isEmpty();

    var all = new ArrayList<Long>();
    trail.forEach(new AuditQuery(null, null, null, null, null, 1), entry -> all.add(entry.id()));
    assertThat(all).as("every entry, whatever the limit").containsExactly(6L, 5L, 4L, 3L, 2L, 1L);
  }

  @Test
  void aLongTrailIsWalkedAPageAtATime() {
    int count = AuditTrail.PAGE * 2 + 7;
    for (int i = 0; i < count; i++) {
      trail.append("ada", AuditAction.SIGN_IN, "ada", null);
    }
    ChainCheck check = trail.verify();
    assertThat(check.intact()).isTrue();
    assertThat(check.entries()).isEqualTo(count);
    var all = new ArrayList<Long>();
    trail.forEach(AuditQuery.all(), entry -> all.add(entry.id()));
    assertThat(all).hasSize(count).startsWith((long) count).endsWith(1L);
  }

  @Test
  void theDatabaseRefusesToChangeOrRemoveAnEntry() {
    trail.append("ada", AuditAction.SIGN_IN, "ada", null);
    assertThatThrownBy(() -> jdbc.sql("update audit_entries set actor = 'mallory'").update())
        .isInstanceOf(DataAccessException.class)
        .hasMessageContaining("append-only");
    assertThatThrownBy(() -> jdbc.sql("delete from audit_entries").update())
        .isInstanceOf(DataAccessException.class)
        .hasMessageContaining("append-only");
    assertThat(trail.list(AuditQuery.all()))
        .singleElement()
        .extracting(AuditEntry::actor)
        .isEqualTo("ada");
  }

  @Test
  void anEntryChangedBehindTheDatabasesBackIsNamed() {
    appendFive();
    dropTriggers(jdbc);
    jdbc.sql("update audit_entries set details = '{\"role\":\"viewer\"}' where id = 3").update();

    ChainCheck check = trail.verify();

    assertThat(check.intact()).isFalse();
    assertThat(check.brokenAt()).isEqualTo(3L);
    assertThat(check.entries()).isEqualTo(5);
    assertThat(check.reason()).contains("does not match its hash");
  }

  @Test
  void anEntryChangedAndRehashedBreaksTheLinkAfterIt() {
    appendFive();
    AuditEntry second = trail.list(new AuditQuery(null, null, null, null, 3L, 1)).getFirst();
    AuditEntry forged =
        new AuditEntry(
            2,
            second.at(),
            "mallory",
            second.action(),
            second.target(),
            second.details(),
            second.address(),
            second.prevHash(),
            null);
    dropTriggers(jdbc);
    jdbc.sql("update audit_entries set actor = 'mallory', hash = :hash where id = 2")
        .param("hash", HashChain.of(forged))
        .update();

    ChainCheck check = trail.verify();

    assertThat(check.brokenAt()).isEqualTo(3L);
    assertThat(check.reason()).contains("does not follow entry #2");
  }

  @Test
  void anEntryRemovedFromTheMiddleIsNamed() {
    appendFive();
    dropTriggers(jdbc);
    jdbc.sql("delete from audit_entries where id = 3").update();

    ChainCheck check = trail.verify();

    assertThat(check.intact()).isFalse();
    assertThat(check.brokenAt()).isEqualTo(4L);
    assertThat(check.entries()).isEqualTo(4);
    assertThat(check.reason()).isEqualTo("entry #3 is missing.");
  }

  @Test
  void entriesSwappedAroundAreNamed() {
    appendFive();
    List<AuditEntry> entries = trail.list(AuditQuery.all());
    AuditEntry fourth = entries.get(1);
    AuditEntry third = entries.get(2);
    dropTriggers(jdbc);
    jdbc.sql("delete from audit_entries where id in (3, 4)").update();
    insert(third, 4);
    insert(fourth, 3);

    ChainCheck check = trail.verify();

    assertThat(check.brokenAt()).isEqualTo(3L);
    assertThat(check.reason()).contains("does not follow entry #2");
  }

  @Test
  void appendsFromSeveralNodesAtOnceStayOneChain() throws Exception {
    int nodes = 2;
    int threadsPerNode = 4;
    int appendsPerThread = 40;
    var pools = new ArrayList<HikariDataSource>();
    ExecutorService threads = Executors.newFixedThreadPool(nodes * threadsPerNode);
    try {
      var start = new CountDownLatch(1);
      var work = new ArrayList<Future<?>>();
      for (int node = 0; node < nodes; node++) {
        HikariDataSource pool = anotherPool();
        pools.add(pool);
        // Each thread appends straight to its node's store, so that every one of them races the
        // others through the primary key (an AuditTrail would queue one node's threads first).
        AuditStore store = new JdbcAuditStore(JdbcClient.create(pool));
        for (int t = 0; t < threadsPerNode; t++) {
          String actor = "node" + node + "-thread" + t;
          work.add(
              threads.submit(() -> {
                start.await();
                for (int i = 0; i < appendsPerThread; i++) {
                  store.append(
                      new AuditStore.Draft(
                          clock.instant(), actor, "sign-in", actor, "{\"i\":" + i + "}", null));
                }
                return null;
              }));
        }
      }
      start.countDown();
      for (Future<?> done : work) {
        done.get();
      }
    } finally {
      threads.shutdownNow();
      pools.forEach(HikariDataSource::close);
    }

    int total = nodes * threadsPerNode * appendsPerThread;
    ChainCheck check = trail.verify();
    assertThat(check.intact()).as(check.toString()).isTrue();
    assertThat(check.entries()).isEqualTo(total);
    var ids = new ArrayList<Long>();
    trail.forEach(AuditQuery.all(), entry -> ids.add(entry.id()));
    assertThat(ids)
        .as("no gap, no id twice")
        .containsExactlyElementsOf(
            LongStream.rangeClosed(1, total).map(i -> total + 1 - i).boxed().toList());
  }

  private void appendFive() {
    for (int i = 1; i <= 5; i++) {
      trail.append("ada", AuditAction.USER_CHANGED, "user" + i, Map.of("n", i));
    }
    assertThat(trail.verify().intact()).isTrue();
  }

  private void insert(AuditEntry entry, long id) {
    jdbc.sql(
            "insert into audit_entries (id, at, actor, action, target, details, address, prev_hash,"
                + " hash) values (?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .params(
            id,
            entry.at().toEpochMilli(),
            entry.actor(),
            entry.action(),
            entry.target(),
            entry.details(),
            entry.address(),
            entry.prevHash(),
            entry.hash())
        .update();
  }

  private List<Long> ids(AuditQuery query) {
    return trail.list(query).stream().map(AuditEntry::id).toList();
  }

  /** A second connection pool on the same database: another node. */
  private HikariDataSource anotherPool() {
    var config = new HikariConfig();
    config.setJdbcUrl(database.dataSource().getJdbcUrl());
    config.setMaximumPoolSize(4);
    return new HikariDataSource(config);
  }

  /** A clock one second further at each look, so each entry has its own second. */
  private static final class SteppingClock extends Clock {
    private Instant next;

    SteppingClock(Instant first) {
      this.next = first;
    }

    @Override
    public synchronized Instant instant() {
      Instant now = next;
      next = next.plusSeconds(1);
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }
}
