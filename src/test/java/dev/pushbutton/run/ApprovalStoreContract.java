package dev.pushbutton.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushbutton.testing.Databases;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * What {@link JdbcApprovalStore} promises, on each database Pushbutton runs on: one decision per
 * person per run, only while the run awaits approval, whichever node (here: store) records it.
 */
abstract class ApprovalStoreContract {
  private static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");

  private Databases.Database database;
  private RunRepository runs;
  private ApprovalStore store;

  abstract Databases.Database database();

  @BeforeEach
  void open() {
    database = database();
    JdbcClient jdbc = JdbcClient.create(database.dataSource());
    runs = new JdbcRunRepository(jdbc, JsonMapper.builder().build());
    store = new JdbcApprovalStore(jdbc);
  }

  @AfterEach
  void close() {
    database.close();
  }

  @Test
  void eachPersonDecidesOncePerRunAndDecisionsComeOldestFirst() {
    awaiting("01-a");
    assertThat(store.record(decision("01-a", "bob", Verdict.APPROVED, "fine", 1)))
        .isEqualTo(ApprovalStore.Recorded.RECORDED);
    assertThat(store.record(decision("01-a", "carol", Verdict.REJECTED, null, 2)))
        .isEqualTo(ApprovalStore.Recorded.RECORDED);
    assertThat(store.record(decision("01-a", "bob", Verdict.REJECTED, "changed my mind", 3)))
        .isEqualTo(ApprovalStore.Recorded.ALREADY_DECIDED);

    assertThat(store.decisions("01-a"))
        .containsExactly(
            decision("01-a", "bob", Verdict.APPROVED, "fine", 1),
            decision("01-a", "carol", Verdict.REJECTED, null, 2));
    assertThat(store.decisions("nope")).isEmpty();
  }

  @Test
  void aRunThatDoesNotAwaitApprovalTakesNoDecision() {
    runs.insert(Run.created("01-q", "deploy", RunState.QUEUED, Map.of(), AT, "ada"));
    assertThat(store.record(decision("01-q", "bob", Verdict.APPROVED, null, 1)))
        .isEqualTo(ApprovalStore.Recorded.NOT_AWAITING);
    assertThat(store.record(decision("01-missing", "bob", Verdict.APPROVED, null, 1)))
        .isEqualTo(ApprovalStore.Recorded.NOT_AWAITING);

    Run run = awaiting("01-r");
    assertThat(runs.updateIfState(run.finished(RunState.REJECTED, null, "no", AT), run.state()))
        .isTrue();
    assertThat(store.record(decision("01-r", "bob", Verdict.APPROVED, null, 1)))
        .isEqualTo(ApprovalStore.Recorded.NOT_AWAITING);
    assertThat(store.decisions("01-q")).isEmpty();
    assertThat(store.decisions("01-r")).isEmpty();
  }

  @Test
  void aWithdrawnDecisionIsGoneAndDecisionsAreListedPerRun() {
    awaiting("01-a");
    awaiting("01-b");
    awaiting("01-c");
    store.record(decision("01-a", "bob", Verdict.APPROVED, null, 1));
    store.record(decision("01-a", "carol", Verdict.APPROVED, null, 2));
    store.record(decision("01-b", "bob", Verdict.APPROVED, "ok", 3));
    store.withdraw("01-a", "bob");

    assertThat(store.decisions(List.of("01-a", "01-b", "01-c")))
        .containsOnlyKeys("01-a", "01-b")
        .containsEntry("01-a", List.of(decision("01-a", "carol", Verdict.APPROVED, null, 2)))
        .containsEntry("01-b", List.of(decision("01-b", "bob", Verdict.APPROVED, "ok", 3)));
    assertThat(store.decisions(List.of())).isEmpty();
    // withdrawn, bob may decide again
    assertThat(store.record(decision("01-a", "bob", Verdict.REJECTED, null, 4)))
        .isEqualTo(ApprovalStore.Recorded.RECORDED);
  }

  /**
   * The same person deciding on two nodes at once (two tabs, two servers): one decision is kept.
   */
  @Test
  void theSamePersonDecidingOnSeveralNodesAtOnceIsRecordedOnce() throws Exception {
    awaiting("01-a");
    List<ApprovalStore> nodes = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      nodes.add(new JdbcApprovalStore(JdbcClient.create(database.dataSource())));
    }
    List<ApprovalStore.Recorded> results =
        atOnce(
            nodes.stream()
                .<Callable<ApprovalStore.Recorded>>map(
                    node -> () -> node.record(decision("01-a", "bob", Verdict.APPROVED, null, 1)))
                .toList());
    assertThat(results).filteredOn(result -> result == ApprovalStore.Recorded.RECORDED).hasSize(1);
    assertThat(results)
        .filteredOn(result -> result == ApprovalStore.Recorded.ALREADY_DECIDED)
        .hasSize(3);
    assertThat(store.decisions("01-a")).hasSize(1);
  }

  private Run awaiting(String id) {
    Run run = Run.created(id, "deploy", RunState.AWAITING_APPROVAL, Map.of(), AT, "ada", "why");
    runs.insert(run);
    return run;
  }

  private static Decision decision(
      String runId, String by, Verdict verdict, String comment, int second) {
    return new Decision(runId, by, verdict, comment, AT.plusSeconds(second));
  }

  /** Calls every task at the same moment, each on a thread of its own. */
  static <T> List<T> atOnce(List<Callable<T>> tasks) throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    try (ExecutorService threads = Executors.newFixedThreadPool(tasks.size())) {
      List<Future<T>> futures = new ArrayList<>();
      for (Callable<T> task : tasks) {
        futures.add(
            threads.submit(() -> {
              go.await();
              return task.call();
            }));
      }
      go.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> future : futures) {
        results.add(future.get());
      }
      return results;
    }
  }
}
