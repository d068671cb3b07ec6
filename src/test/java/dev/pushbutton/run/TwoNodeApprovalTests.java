package dev.pushbutton.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushbutton.catalog.Catalog;
import dev.pushbutton.catalog.CatalogLoader;
import dev.pushbutton.output.OutputStore;
import dev.pushbutton.output.OutputWatcher;
import dev.pushbutton.process.ProcessLauncher;
import dev.pushbutton.testing.Databases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two web nodes on one PostgreSQL database, each with its own engine, deciding on the same runs at
 * the same moment: the last two approvals of a run arriving on both nodes at once start it once,
 * and of an approval and a rejection racing, exactly one takes effect. Real processes: the job
 * appends a line to a file each time it runs.
 */
class TwoNodeApprovalTests {
  private static final String CATALOG =
      """
      jobs:
        - id: twice-approved
          name: Needs two approvals; writes one line per run
          approval: {groups: [leads], count: 2}
          command: [sh, -c, 'echo ran >> "$1"', twice-approved, '{{file}}']
          params: [{name: file, type: string, required: true}]

        - id: once-approved
          name: Needs one approval; writes one line per run
          approval: {groups: [leads]}
          command: [sh, -c, 'echo ran >> "$1"', once-approved, '{{file}}']
          params: [{name: file, type: string, required: true}]
      """;

  @TempDir Path dir;
  private Databases.Database database;
  private final List<AutoCloseable> closing = new ArrayList<>();
  private RunService nodeA;
  private RunService nodeB;
  private RunApprovals approvalsA;
  private RunApprovals approvalsB;

  @BeforeEach
  void startTwoNodes() throws IOException {
    database = Databases.postgres();
    Catalog catalog = CatalogLoader.load(Files.writeString(dir.resolve("catalog.yml"), CATALOG));
    nodeA = node(catalog, "a");
    nodeB = node(catalog, "b");
    ApprovalStore store = new JdbcApprovalStore(JdbcClient.create(database.dataSource()));
    approvalsA = new RunApprovals(nodeA, store, Clock.systemUTC());
    approvalsB =
        new RunApprovals(
            nodeB,
            new JdbcApprovalStore(JdbcClient.create(database.dataSource())),
            Clock.systemUTC());
  }

  @AfterEach
  void stopNodes() throws Exception {
    for (AutoCloseable each : closing.reversed()) {
      each.close();
    }
    database.close();
  }

  @Test
  void theLastTwoApprovalsOnTwoNodesAtOnceStartTheRunOnce() throws Exception {
    for (int round = 0; round < 10; round++) {
      Path file = dir.resolve("ran-" + round);
      Run run = nodeA.start("twice-approved", Map.of("file", file.toString()), "ada");

      List<Callable<Run>> decisions =
          List.of(
              () -> approvalsA.approve(run.id(), "bob", null),
              () -> approvalsB.approve(run.id(), "carol", null));
      List<Run> answers = ApprovalStoreContract.atOnce(decisions);

      assertThat(answers).allSatisfy(r -> assertThat(r.state()).isNotEqualTo(RunState.REJECTED));
      awaitEnd(run.id());
      assertThat(nodeA.run(run.id()).state()).isEqualTo(RunState.SUCCEEDED);
      assertThat(Files.readAllLines(file))
          .as("round %d: started once", round)
          .containsExactly("ran");
      assertThat(approvalsA.decisions(run.id()))
          .extracting(Decision::by)
          .containsOnly("bob", "carol");
    }
  }

  @Test
  void ofAnApprovalAndARejectionAtOnceOnTwoNodesExactlyOneTakesEffect() throws Exception {
    for (int round = 0; round < 10; round++) {
      Path file = dir.resolve("raced-" + round);
      Run run = nodeA.start("once-approved", Map.of("file", file.toString()), "ada");

      List<Callable<Object>> decisions =
          List.of(
              () -> outcome(() -> approvalsA.approve(run.id(), "bob", null)),
              () -> outcome(() -> approvalsB.reject(run.id(), "carol", "no")));
      List<Object> answers = ApprovalStoreContract.atOnce(decisions);

      assertThat(answers).filteredOn(Run.class::isInstance).hasSize(1);
      assertThat(answers).filteredOn(RunExceptions.Conflict.class::isInstance).hasSize(1);
      awaitEnd(run.id());
      Run ended = nodeB.run(run.id());
      List<Decision> kept = approvalsB.decisions(run.id());
      assertThat(kept).as("only the decision that took effect is kept").hasSize(1);
      if (kept.getFirst().approved()) {
        assertThat(ended.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(Files.readAllLines(file)).containsExactly("ran");
      } else {
        assertThat(ended.state()).isEqualTo(RunState.REJECTED);
        assertThat(file).doesNotExist();
      }
    }
  }

  private static Object outcome(Callable<Run> decision) {
    try {
      return decision.call();
    } catch (Exception e) {
      return e;
    }
  }

  private void awaitEnd(String runId) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> nodeA.run(runId).state().isTerminal());
  }

  private RunService node(Catalog catalog, String name) {
    var repository =
        new RetryingRunRepository(
            new JdbcRunRepository(
                JdbcClient.create(database.dataSource()), JsonMapper.builder().build()));
    var watcher = new OutputWatcher();
    var service =
        new RunService(
            catalog,
            repository,
            new OutputStore(dir.resolve("node-" + name)),
            new ProcessLauncher(),
            watcher,
            (runId, chunks) -> {},
            List.of(),
            Clock.systemUTC());
    closing.add(watcher);
    closing.add(repository);
    closing.add(service);
    return service;
  }
}
