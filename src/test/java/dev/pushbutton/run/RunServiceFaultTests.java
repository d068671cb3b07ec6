package dev.pushbutton.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pushbutton.catalog.Catalog;
import dev.pushbutton.catalog.CatalogLoader;
import dev.pushbutton.output.OutputChunk;
import dev.pushbutton.output.OutputListener;
import dev.pushbutton.output.OutputReader;
import dev.pushbutton.output.OutputStorageException;
import dev.pushbutton.output.OutputStore;
import dev.pushbutton.output.OutputWatcher;
import dev.pushbutton.output.StdStream;
import dev.pushbutton.process.ProcessLauncher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whatever a run's supervisor meets (a listener that throws, a database that refuses writes or new
 * runs, a disk too full), the run ends with its process's outcome and frees its job's slot. Real
 * processes and real files; only the database is a fake that can be told to fail.
 */
class RunServiceFaultTests {
  private static final String CATALOG =
      """
      jobs:
        - id: chatty
          name: Prints on both streams, then exits with 3; one run at a time
          concurrency: single
          command: [sh, -c, 'echo "line 1"; echo "line 2" >&2; sleep 0.2; echo "line 3"; exit 3']

        - id: gated
          name: Runs until its gate file exists, then exits with 4
          command: [sh, -c, 'echo waiting; while [ ! -e "$1" ]; do sleep 0.02; done; echo done; exit 4', gated, '{{gate}}']
          params: [{name: gate, type: string, required: true}]

        - id: in-line
          name: The same, one run at a time and the others waiting in line
          concurrency: queue
          command: [sh, -c, 'echo waiting; while [ ! -e "$1" ]; do sleep 0.02; done; echo done; exit 4', in-line, '{{gate}}']
          params: [{name: gate, type: string, required: true}]
      """;

  @TempDir Path dir;
  private final InMemoryRunRepository database = new InMemoryRunRepository();
  private final RetryingRunRepository repository = new RetryingRunRepository(database);
  private final Viewers viewers = new Viewers();
  private final List<Path> gates = new ArrayList<>();
  private final List<String> started = new ArrayList<>();
  private Catalog catalog;
  private Path runsDir;
  private OutputStore outputs;
  private OutputWatcher watcher;
  private RunService service;

  @BeforeEach
  void startService() throws IOException {
    catalog = CatalogLoader.load(Files.writeString(dir.resolve("catalog.yml"), CATALOG));
    runsDir = dir.resolve("runs");
    outputs = new OutputStore(runsDir);
    watcher = new OutputWatcher();
    service = service(outputs);
  }

  @AfterEach
  void stopService() {
    database.release();
    for (Path gate : gates) {
      open(gate);
    }
    // Every process ends before its files are deleted: a wrapper writing its exit file into a
    // directory being removed would fail the clean-up.
    for (String runId : started) {
      waiting().until(() -> service.find(runId).map(r -> r.state().isTerminal()).orElse(true));
    }
    waiting().until(() -> processesUnder(dir).isEmpty());
    service.close();
    repository.close();
    watcher.close();
  }

  @Test
  void aListenerThatThrowsOnEveryChunkLeavesTheRunItsExitCodeItsOutputAndItsSlot() {
    viewers.failing = true;

    Run run = start("chatty", Map.of());

    Run ended = awaitEnd(run.id());
    assertThat(ended.state()).isEqualTo(RunState.FAILED);
    assertThat(ended.exitCode()).isEqualTo(3);
    assertThat(ended.error()).as("its output was stored; only viewers missed it live").isNull();
    assertThat(viewers.calls).as("the listener was told, and threw").hasPositiveValue();
    assertThat(texts(run.id(), StdStream.STDOUT)).containsExactly("line 1", "line 3");
    assertThat(texts(run.id(), StdStream.STDERR)).containsExactly("line 2");

    // A single job: a run still holding the slot would make this start throw.
    Run second = start("chatty", Map.of());
    assertThat(awaitEnd(second.id()).exitCode()).isEqualTo(3);
  }

  @Test
  void aListenerThatThrowsAnErrorStillLeavesTheRunItsExitCodeAndItsOutput() {
    viewers.failing = true;
    viewers.error = new AssertionError(Viewers.FAILURE);

    Run run = start("chatty", Map.of());

    Run ended = awaitEnd(run.id());
    assertThat(ended.state()).isEqualTo(RunState.FAILED);
    assertThat(ended.exitCode()).isEqualTo(3);
    assertThat(texts(run.id(), StdStream.STDOUT)).containsExactly("line 1", "line 3");
  }

  /**
   * The supervisor itself made to fail (a stack overflow while telling viewers, which nothing
   * should try to carry on from): the run still ends with the job's exit code, says why its output
   * may be incomplete, and frees its slot.
   */
  @Test
  void aSupervisorThatFailsStillEndsTheRunWithItsExitCodeAndFreesItsSlot() {
    viewers.failing = true;
    viewers.error = new StackOverflowError(Viewers.FAILURE);

    Run run = start("chatty", Map.of());

    Run ended = awaitEnd(run.id());
    assertThat(ended.state()).isEqualTo(RunState.FAILED);
    assertThat(ended.exitCode()).isEqualTo(3);
    assertThat(ended.error())
        .startsWith("the server stopped following its output after an unexpected error")
        .contains(Viewers.FAILURE)
        .endsWith("its output may be incomplete");

    viewers.failing = false;
    Run second = start("chatty", Map.of());
    assertThat(awaitEnd(second.id()).exitCode()).isEqualTo(3);
    assertThat(texts(second.id(), StdStream.STDOUT)).containsExactly("line 1", "line 3");
  }

  @Test
  void runChangesTheDatabaseRefusesWhileARunGoesLandOnceAndInOrderWhenItAcceptsAgain() {
    database.failUpdatesUntilReleased();
    Path gate = gate("gate");

    Run run = start("gated", Map.of("gate", gate.toString()));

    waiting().until(() -> service.find(run.id()).orElseThrow().state() == RunState.RUNNING);
    assertThat(service.find(run.id()).orElseThrow().pid()).as("shown as it is").isNotNull();
    assertThat(database.stored(run.id()).state())
        .as("stored as it was")
        .isEqualTo(RunState.STARTING);

    open(gate);
    Run ended = awaitEnd(run.id());
    assertThat(ended.state()).isEqualTo(RunState.FAILED);
    assertThat(ended.exitCode()).isEqualTo(4);
    assertThat(texts(run.id(), StdStream.STDOUT)).containsExactly("waiting", "done");
    assertThat(database.applied()).as("nothing written yet").isEmpty();
    assertThat(database.stored(run.id()).state()).isEqualTo(RunState.STARTING);

    database.release();
    waiting().until(() -> repository.waitingCount() == 0);
    List<Run> landed = database.applied(run.id());
    assertThat(landed)
        .extracting(Run::state)
        .as("states only move forward")
        .isSortedAccordingTo(Comparator.naturalOrder())
        .doesNotHaveDuplicates();
    assertThat(landed).filteredOn(r -> r.state().isTerminal()).containsExactly(ended);
    assertThat(database.stored(run.id())).isEqualTo(ended);
  }

  @Test
  void aRunInLineStartsWhenTheRunAheadEndsThoughTheDatabaseRefusesThatRunsFinish() {
    database.refuseUpdates(
        run -> run.state().isTerminal(),
        run -> new InMemoryRunRepository.DatabaseRefused("[SQLITE_BUSY] the database is locked"));
    Path firstGate = gate("first");
    Path secondGate = gate("second");

    Run first = start("in-line", Map.of("gate", firstGate.toString()));
    Run second = start("in-line", Map.of("gate", secondGate.toString()));
    assertThat(second.state()).isEqualTo(RunState.QUEUED);

    waiting().until(() -> service.find(first.id()).orElseThrow().state() == RunState.RUNNING);
    open(firstGate);
    waiting().until(() -> service.find(second.id()).orElseThrow().state() == RunState.RUNNING);
    assertThat(service.find(first.id()).orElseThrow().exitCode()).isEqualTo(4);
    assertThat(database.stored(first.id()).state())
        .as("its finish still waits to be written")
        .isEqualTo(RunState.RUNNING);

    database.release();
    open(secondGate);
    assertThat(awaitEnd(second.id()).exitCode()).isEqualTo(4);
    waiting().until(() -> repository.waitingCount() == 0);
    assertThat(database.stored(first.id()).exitCode()).isEqualTo(4);
    assertThat(database.stored(second.id()).exitCode()).isEqualTo(4);
  }

  @Test
  void aRunInLineStartsWhenTheRunAheadEndsThoughTheDatabaseCanNeverRecordThatRunsFinish() {
    database.refuseUpdates(
        run -> run.state().isTerminal(),
        run -> new IllegalStateException("run " + run.id() + " is not recorded"));
    Path firstGate = gate("first");
    Path secondGate = gate("second");

    Run first = start("in-line", Map.of("gate", firstGate.toString()));
    Run second = start("in-line", Map.of("gate", secondGate.toString()));

    waiting().until(() -> service.find(first.id()).orElseThrow().state() == RunState.RUNNING);
    open(firstGate);
    waiting().until(() -> service.find(second.id()).orElseThrow().state() == RunState.RUNNING);
    started.remove(first.id()); // its end can never be recorded: its process is gone anyway

    database.release();
    open(secondGate);
    assertThat(awaitEnd(second.id()).exitCode()).isEqualTo(4);
  }

  @Test
  void aRunTheDatabaseCannotRecordIsRefusedBeforeAnyProcessStartsAndHoldsNoSlot() {
    database.refuseInserts();

    assertThatThrownBy(() -> service.start("chatty", Map.of(), "ada"))
        .isInstanceOf(InMemoryRunRepository.DatabaseRefused.class);
    assertThat(runsDir).as("no log opened, so no process launched").doesNotExist();
    assertThat(processesUnder(dir)).isEmpty();

    database.acceptInserts();
    Run run = start("chatty", Map.of()); // a single job: a slot left held would refuse it
    assertThat(awaitEnd(run.id()).exitCode()).isEqualTo(3);
  }

  @Test
  void aNewRunIsRefusedInWordsWhileTheDiskHasLessFreeSpaceThanRunsNeed() {
    long needed = outputs.usableSpace() + 1024L * 1024 * 1024;
    RunService full = service(new OutputStore(runsDir, needed));

    try (full) {
      assertThatThrownBy(() -> full.start("chatty", Map.of(), "ada"))
          .isInstanceOf(OutputStorageException.class)
          .hasMessageContaining("The disk holding the data directory is full")
          .hasMessageMatching(
              ".*\\(\\d+ [KM]B free, new runs need " + needed / (1024 * 1024) + " MB\\).*");
    }
    assertThat(database.list(RunQuery.latest(null, 10))).as("nothing recorded").isEmpty();
    assertThat(runsDir).doesNotExist();
  }

  private RunService service(OutputStore store) {
    return new RunService(
        catalog,
        repository,
        store,
        new ProcessLauncher(),
        watcher,
        viewers,
        List.of(),
        Clock.systemUTC());
  }

  private Run start(String jobId, Map<String, String> params) {
    Run run = service.start(jobId, params, "ada");
    started.add(run.id());
    return run;
  }

  private Run awaitEnd(String runId) {
    waiting().until(() -> service.run(runId).state().isTerminal());
    return service.run(runId);
  }

  private Path gate(String name) {
    Path gate = dir.resolve(name + ".gate");
    gates.add(gate);
    return gate;
  }

  private static void open(Path gate) {
    try {
      Files.writeString(gate, "open");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private List<String> texts(String runId, StdStream stream) {
    try (OutputReader reader = outputs.reader(runId, 0)) {
      return reader.next(1000).stream()
          .filter(chunk -> chunk.stream() == stream)
          .map(OutputChunk::text)
          .toList();
    }
  }

  /**
   * Processes whose command line names a path under {@code root}: a run's wrapper names its
   * directory.
   */
  private static List<ProcessHandle> processesUnder(Path root) {
    String path = root.toAbsolutePath().toString();
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine().map(line -> line.contains(path)).orElse(false))
        .toList();
  }

  private static ConditionFactory waiting() {
    return Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20));
  }

  /** The viewers' listener, which a test can make throw on every chunk it is told of. */
  private static final class Viewers implements OutputListener {
    static final String FAILURE = "the viewers' listener failed on purpose";
    final AtomicInteger calls = new AtomicInteger();
    volatile boolean failing;

    /**
     * Throw this {@link Error} (a bug, a stack overflow) instead of an exception; null for none.
     */
    volatile Error error;

    @Override
    public void onOutput(String runId, List<OutputChunk> chunks) {
      calls.incrementAndGet();
      if (failing && error != null) {
        throw error;
      }
      if (failing) {
        throw new IllegalStateException(FAILURE);
      }
    }
  }
}
