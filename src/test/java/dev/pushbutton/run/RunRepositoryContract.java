package dev.pushbutton.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushbutton.testing.Databases;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/** What {@link JdbcRunRepository} promises, on each database Pushbutton runs on. */
abstract class RunRepositoryContract {
  private static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");

  private Databases.Database database;
  private RunRepository runs;

  abstract Databases.Database database();

  @BeforeEach
  void open() {
    database = database();
    runs =
        new JdbcRunRepository(
            JdbcClient.create(database.dataSource()), JsonMapper.builder().build());
  }

  @AfterEach
  void close() {
    database.close();
  }

  @Test
  void aRunIsStoredAsItIsAndFollowsItsStates() {
    Run created =
        Run.created(
            "01-a", "deploy", RunState.STARTING, Map.of("env", "prod"), AT, "ada", "OPS-42 ✓");
    runs.insert(created);
    assertThat(runs.find("01-a")).contains(created);

    Run killed =
        created
            .started(4242, AT.plusSeconds(1))
            .stopping(RunState.KILLED, "bob")
            .finished(RunState.KILLED, 143, null, AT.plusSeconds(2))
            .reporting(
                new RunReport("Half way", 50.0, List.of(new RunReport.Note(3, "error", "Disk"))));
    runs.update(killed);
    assertThat(runs.find("01-a")).contains(killed);
    assertThat(killed.startedBy()).isEqualTo("ada");
    assertThat(killed.killedBy()).isEqualTo("bob");
    assertThat(killed.reason()).isEqualTo("OPS-42 ✓");
    assertThat(runs.find("nope")).isEmpty();
  }

  /** A job may report progress and nothing else, or a status and no progress. */
  @Test
  void eachPartOfAReportIsKeptWithoutTheOthers() {
    Run created = Run.created("01-p", "deploy", RunState.STARTING, Map.of(), AT, "ada");
    runs.insert(created);
    Run progressOnly = created.reporting(new RunReport(null, 0.0, List.of()));
    runs.update(progressOnly);
    assertThat(runs.find("01-p")).contains(progressOnly);
    Run statusOnly = created.reporting(new RunReport("Copying", null, List.of()));
    runs.update(statusOnly);
    assertThat(runs.find("01-p")).contains(statusOnly);
  }

  @Test
  void historyFiltersByJobStateStarterVisibleJobsAndPage() {
    runs.insert(Run.created("01-a", "deploy", RunState.QUEUED, Map.of(), AT, "ada"));
    runs.insert(Run.created("01-b", "report", RunState.QUEUED, Map.of(), AT, "bob"));
    runs.insert(Run.created("01-c", "deploy", RunState.STARTING, Map.of(), AT, "bob"));
    runs.insert(Run.created("01-d", "secret", RunState.STARTING, Map.of(), AT, "ada"));

    assertThat(ids(new RunQuery(null, null, 50, null, null, null)))
        .containsExactly("01-d", "01-c", "01-b", "01-a");
    assertThat(ids(RunQuery.latest("deploy", 50))).containsExactly("01-c", "01-a");
    assertThat(ids(new RunQuery(null, RunState.QUEUED, 50, null, null, null)))
        .containsExactly("01-b", "01-a");
    assertThat(ids(new RunQuery(null, null, 50, null, "bob", null)))
        .containsExactly("01-c", "01-b");
    assertThat(ids(new RunQuery(null, null, 2, "01-d", null, null)))
        .containsExactly("01-c", "01-b");
    var visible = new RunQuery(null, null, 50, null, null, null).within(Set.of("deploy", "report"));
    assertThat(ids(visible)).containsExactly("01-c", "01-b", "01-a");
    assertThat(ids(new RunQuery("secret", null, 50, null, null, null).within(Set.of("deploy"))))
        .isEmpty();
    assertThat(ids(new RunQuery(null, null, 50, null, null, null).within(Set.of()))).isEmpty();
    assertThat(runs.unfinished())
        .extracting(Run::id)
        .containsExactly("01-a", "01-b", "01-c", "01-d");
  }

  /**
   * Several nodes moving one run out of the same state at the same moment (two last approvals, an
   * approval and a rejection): exactly one of them does.
   */
  @Test
  void ofSeveralNodesMovingARunOutOfOneStateAtOnceExactlyOneDoes() throws Exception {
    Run awaiting =
        Run.created("01-w", "deploy", RunState.AWAITING_APPROVAL, Map.of(), AT, "ada", "why");
    runs.insert(awaiting);
    List<RunState> targets =
        List.of(RunState.STARTING, RunState.QUEUED, RunState.REJECTED, RunState.KILLED);
    List<java.util.concurrent.Callable<Boolean>> moves = new java.util.ArrayList<>();
    for (RunState target : targets) {
      RunRepository node =
          new JdbcRunRepository(
              JdbcClient.create(database.dataSource()), JsonMapper.builder().build());
      Run moved =
          target.isTerminal()
              ? awaiting.finished(target, null, "ended", AT.plusSeconds(1))
              : awaiting.moveTo(target);
      moves.add(() -> node.updateIfState(moved, RunState.AWAITING_APPROVAL));
    }
    List<Boolean> results = ApprovalStoreContract.atOnce(moves);

    assertThat(results).containsOnlyOnce(true);
    RunState won = targets.get(results.indexOf(true));
    assertThat(runs.find("01-w")).get().extracting(Run::state).isEqualTo(won);
    assertThat(runs.updateIfState(awaiting.moveTo(RunState.STARTING), RunState.AWAITING_APPROVAL))
        .as("no longer awaiting")
        .isFalse();
    assertThat(
            runs.updateIfState(
                Run.created("01-none", "x", RunState.QUEUED, Map.of(), AT, "a"), RunState.QUEUED))
        .as("no such run")
        .isFalse();
  }

  private List<String> ids(RunQuery query) {
    return runs.list(query).stream().map(Run::id).toList();
  }
}
