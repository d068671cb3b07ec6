package dev.pushbutton.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What {@link RetryingRunRepository} promises while the database refuses writes: changes land in
 * order, each at most once, reads show what waits, and nothing is retried forever.
 */
class RetryingRunRepositoryTests {
  private static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");

  private final InMemoryRunRepository database = new InMemoryRunRepository();
  private final RetryingRunRepository runs = new RetryingRunRepository(database);

  @AfterEach
  void close() {
    database.release();
    runs.close();
  }

  @Test
  void changesMadeWhileOneWaitsQueueBehindItAndLandInTheOrderTheyWereMade() {
    Run c = recorded("01-c");
    Run a = recorded("01-a");
    Run b = recorded("01-b");
    database.failNextUpdates(1);

    runs.update(running(c)); // refused: it waits
    runs.update(running(a)); // the database would take these, but they go in line behind c
    runs.update(running(b));

    assertThat(database.applied()).isEmpty();
    assertThat(runs.waitingCount()).isEqualTo(3);
    await().atMost(Duration.ofSeconds(3)).until(() -> runs.waitingCount() == 0);
    assertThat(database.applied()).containsExactly(running(c), running(a), running(b));

    runs.update(succeeded(a)); // nothing waits any more: straight through
    assertThat(database.applied()).last().isEqualTo(succeeded(a));
  }

  @Test
  void aNewerChangeOfAWaitingRunTakesItsPlaceSoEveryChangeLandsAtMostOnce() {
    Run a = recorded("01-a");
    Run b = recorded("01-b");
    database.failUpdatesUntilReleased();

    runs.update(running(a));
    runs.update(running(b));
    runs.update(succeeded(a)); // replaces a's waiting change, keeping a's place in line
    assertThat(runs.waitingCount()).isEqualTo(2);
    database.release();

    await().atMost(Duration.ofSeconds(3)).until(() -> runs.waitingCount() == 0);
    assertThat(database.applied()).containsExactly(succeeded(a), running(b));
    assertThat(database.stored("01-a")).isEqualTo(succeeded(a));
  }

  @Test
  void findAndListShowTheChangesThatWaitEvenUnderAStateFilter() {
    Run a = recorded("01-a");
    Run b = recorded("01-b");
    Run c = recorded("01-c");
    Run other = recorded("01-d", "report", "bob");
    for (Run run : List.of(a, b, c, other)) {
      runs.update(running(run));
    }
    database.failUpdatesUntilReleased();
    runs.update(succeeded(c)); // stored: running; waiting: succeeded

    assertThat(database.stored("01-c").state()).isEqualTo(RunState.RUNNING);
    assertThat(runs.find("01-c")).contains(succeeded(c));
    assertThat(runs.list(RunQuery.latest("deploy", 50)))
        .extracting(Run::id, Run::state)
        .containsExactly(
            tuple("01-c", RunState.SUCCEEDED),
            tuple("01-b", RunState.RUNNING),
            tuple("01-a", RunState.RUNNING));
    assertThat(ids(inState(RunState.SUCCEEDED, 50)))
        .as("a run whose finish waits is listed under its new state")
        .containsExactly("01-c");
    assertThat(ids(inState(RunState.RUNNING, 50)))
        .as("and no longer under its stored one")
        .containsExactly("01-d", "01-b", "01-a");
    assertThat(ids(inState(RunState.RUNNING, 2)))
        .as("a page stays full when a stored row on it is overtaken by a waiting change")
        .containsExactly("01-d", "01-b");
    assertThat(ids(new RunQuery(null, RunState.RUNNING, 2, "01-d", null, null)))
        .containsExactly("01-b", "01-a");

    // A waiting run shown under its new state still has to pass the query's other filters.
    assertThat(ids(new RunQuery("report", RunState.SUCCEEDED, 50, null, null, null))).isEmpty();
    assertThat(ids(new RunQuery(null, RunState.SUCCEEDED, 50, "01-c", null, null))).isEmpty();
    assertThat(ids(new RunQuery(null, RunState.SUCCEEDED, 50, null, "bob", null))).isEmpty();
    assertThat(ids(new RunQuery(null, RunState.SUCCEEDED, 50, null, null, Set.of("report"))))
        .isEmpty();
    assertThat(ids(new RunQuery(null, RunState.SUCCEEDED, 50, null, "ada", Set.of("deploy"))))
        .containsExactly("01-c");
  }

  @Test
  void aChangeTheDatabaseCanNeverTakeIsReportedAtOnceWhenNothingWaits() {
    Run neverRecorded = Run.created("01-x", "deploy", RunState.STARTING, Map.of(), AT, "ada");

    assertThatThrownBy(() -> runs.update(running(neverRecorded)))
        .isInstanceOf(IllegalStateException.class);
    assertThat(runs.waitingCount()).isZero();
  }

  @Test
  void aWaitingChangeTheDatabaseCanNeverTakeIsDroppedAndTheOnesBehindItLand() {
    Run a = recorded("01-a");
    Run b = recorded("01-b");
    database.failUpdatesUntilReleased();
    runs.update(running(a));
    runs.update(running(b));

    var permanentRefusals = new AtomicInteger();
    database.releaseAllBut(
        run -> run.id().equals("01-a"),
        run -> {
          permanentRefusals.incrementAndGet();
          return new IllegalStateException("run 01-a is not recorded");
        });

    await().atMost(Duration.ofSeconds(3)).until(() -> runs.waitingCount() == 0);
    assertThat(database.applied()).containsExactly(running(b));
    assertThat(permanentRefusals).as("tried once, then dropped").hasValue(1);
    await()
        .during(Duration.ofMillis(300)) // longer than the first pause between retries
        .atMost(Duration.ofSeconds(1))
        .untilAsserted(() -> assertThat(permanentRefusals).hasValue(1));
    assertThat(runs.find("01-a")).as("the database's word again").contains(a);
  }

  @Test
  void aNewRunTheDatabaseRefusesIsRefusedNotKept() {
    database.refuseInserts();

    assertThatThrownBy(
            () -> runs.insert(Run.created("01-a", "deploy", RunState.STARTING, Map.of(), AT, "")))
        .isInstanceOf(InMemoryRunRepository.DatabaseRefused.class);
    assertThat(runs.waitingCount()).isZero();
    assertThat(runs.find("01-a")).isEmpty();
  }

  @Test
  void closeTriesAtOnceToWriteWhatWaits() {
    Run a = recorded("01-a");
    database.failNextUpdates(1);
    runs.update(running(a)); // waits; the next retry is a quarter of a second away

    runs.close();

    assertThat(database.applied()).containsExactly(running(a));
    assertThat(runs.waitingCount()).isZero();
  }

  @Test
  void closeReturnsThoughTheDatabaseStillRefusesAndRetriesNoMore() {
    Run a = recorded("01-a");
    database.failUpdatesUntilReleased();
    runs.update(running(a));

    runs.close();
    assertThat(runs.waitingCount()).isEqualTo(1);
    database.release();

    await()
        .during(Duration.ofMillis(400)) // past the first retry it would have made
        .atMost(Duration.ofSeconds(1))
        .untilAsserted(() -> assertThat(database.applied()).isEmpty());
  }

  private Run recorded(String id) {
    return recorded(id, "deploy", "ada");
  }

  private Run recorded(String id, String jobId, String startedBy) {
    Run run = Run.created(id, jobId, RunState.STARTING, Map.of("env", "prod"), AT, startedBy);
    database.insert(run);
    return run;
  }

  private static Run running(Run run) {
    return run.started(4242, AT.plusSeconds(1));
  }

  private static Run succeeded(Run run) {
    return running(run).finished(RunState.SUCCEEDED, 0, null, AT.plusSeconds(2));
  }

  private List<Run> inState(RunState state, int limit) {
    return runs.list(new RunQuery(null, state, limit, null, null, null));
  }

  private List<String> ids(List<Run> list) {
    return list.stream().map(Run::id).toList();
  }

  private List<String> ids(RunQuery query) {
    return ids(runs.list(query));
  }
}
