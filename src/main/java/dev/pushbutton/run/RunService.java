package dev.pushbutton.run;

import dev.pushbutton.catalog.BoundParameters;
import dev.pushbutton.catalog.Catalog;
import dev.pushbutton.catalog.CommandTemplate;
import dev.pushbutton.catalog.InvalidParameterException;
import dev.pushbutton.catalog.Job;
import dev.pushbutton.catalog.ParamSpec;
import dev.pushbutton.catalog.ParameterBinder;
import dev.pushbutton.output.OutputListener;
import dev.pushbutton.output.OutputLog;
import dev.pushbutton.output.OutputStore;
import dev.pushbutton.output.OutputWatcher;
import dev.pushbutton.output.StdStream;
import dev.pushbutton.process.JobLaunch;
import dev.pushbutton.process.JobProcess;
import dev.pushbutton.process.LaunchFailedException;
import dev.pushbutton.process.ProcessExit;
import dev.pushbutton.process.ProcessLauncher;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts, kills and finishes runs: the only writer of a run's state. Starting a run reads as its
 * steps: bind the parameters, ask the concurrency gate, record the run, then (off the caller's
 * thread) launch the process and supervise it until it ends.
 */
public final class RunService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RunService.class);

  /** The error of a run cancelled while it awaited approval. */
  static final String CANCELLED_AWAITING = "cancelled while awaiting approval";

  private final Catalog catalog;
  private final RunRepository repository;
  private final OutputStore outputs;
  private final ProcessLauncher launcher;
  private final OutputWatcher watcher;

  /** Sees every chunk first, for the directives, then hands it on to the viewers' listener. */
  private final ReportTracker reports;

  private final List<RunListener> runListeners;
  private final RunEventListener events;
  private final Clock clock;
  private final RunIds ids;
  private final ActiveRuns active = new ActiveRuns();

  /**
   * Guards the gate together with the state writes it decides, so two requests cannot both take a
   * slot. A {@code java.util.concurrent} lock, not {@code synchronized}: it is held across database
   * writes, and on JDK 21 to 23 a virtual thread blocked inside {@code synchronized} pins its
   * carrier thread, so a database waiting out its busy timeout would stall every request and
   * stream.
   */
  private final ReentrantLock lock = new ReentrantLock();

  private final ConcurrencyGate gate = new ConcurrencyGate();

  public RunService(
      Catalog catalog,
      RunRepository repository,
      OutputStore outputs,
      ProcessLauncher launcher,
      OutputWatcher watcher,
      OutputListener outputListener,
      List<RunListener> runListeners,
      Clock clock) {
    this(
        catalog,
        repository,
        outputs,
        launcher,
        watcher,
        outputListener,
        runListeners,
        RunEventListener.NONE,
        clock);
  }

  /**
   * @param events told of what people did with runs ({@link RunEvent}), for the audit trail
   */
  public RunService(
      Catalog catalog,
      RunRepository repository,
      OutputStore outputs,
      ProcessLauncher launcher,
      OutputWatcher watcher,
      OutputListener outputListener,
      List<RunListener> runListeners,
      RunEventListener events,
      Clock clock) {
    this.events = events;
    this.catalog = catalog;
    this.repository = repository;
    this.outputs = outputs;
    this.launcher = launcher;
    this.watcher = watcher;
    this.reports =
        new ReportTracker(
            outputListener,
            runId -> latest(runId).map(Run::report).orElse(RunReport.EMPTY),
            (runId, report) -> update(runId, r -> r.reporting(report)));
    this.runListeners = List.copyOf(runListeners);
    this.clock = clock;
    this.ids = new RunIds(clock);
  }

  public Catalog catalog() {
    return catalog;
  }

  /** The catalog's job {@code jobId}; {@link RunExceptions.JobNotFound} when there is none. */
  public Job job(String jobId) {
    return catalog.job(jobId).orElseThrow(() -> new RunExceptions.JobNotFound(jobId));
  }

  /** A run without a reason; see {@link #start(String, Map, String, String)}. */
  public Run start(String jobId, Map<String, ?> given, String startedBy) {
    return start(jobId, given, startedBy, null);
  }

  /**
   * Records a new run and starts it (or puts it in line); returns without waiting for the process.
   *
   * @param startedBy the name of the user asking, recorded with the run
   * @param reason why they ask, in their words; null for none
   * @throws InvalidParameterException naming every parameter at fault, and the reason if it is
   */
  public Run start(String jobId, Map<String, ?> given, String startedBy, String reason) {
    Job job = job(jobId);
    RunInput input = RunInput.checked(job, given, reason);
    BoundParameters values = input.values();
    outputs.ensureRoom();
    String id = ids.next();
    // Kept before anything else of the run exists: its output is masked from the first byte, and a
    // run that waits (in line or for approval) can still start with them after a restart.
    outputs.keepSecrets(id, values.secrets());
    try {
      return job.approval() != null
          ? awaitApproval(id, job, input, startedBy)
          : enter(id, job, input, startedBy);
    } catch (RuntimeException e) {
      forgetSecrets(id); // refused (a busy single job, a database that cannot record it): no run
      throw e;
    }
  }

  /** Records a new run as its job's concurrency decides now, and launches it if it may start. */
  private Run enter(String id, Job job, RunInput input, String startedBy) {
    BoundParameters values = input.values();
    Run run;
    boolean now;
    lock.lock();
    try {
      now = gate.admit(job);
      run =
          Run.created(
              id,
              job.id(),
              now ? RunState.STARTING : RunState.QUEUED,
              values.masked(),
              now(),
              startedBy,
              input.reason());
      repository.insert(run);
      hold(run, job, values);
    } finally {
      lock.unlock();
    }
    announce(run);
    events.onRunEvent(new RunEvent.RunRequested(run));
    if (now) {
      launchLater(run, job, values);
    }
    return run;
  }

  /**
   * Takes the run's place as the gate just decided: a slot and a supervisor for a starting run, a
   * place in line (and its values) for a queued one. The caller holds the lock, since the gate's
   * decision and this must happen together.
   */
  void hold(Run run, Job job, BoundParameters values) {
    active.remember(run);
    if (run.state() == RunState.STARTING) {
      gate.started(job.id(), run.id());
      active.add(run.id(), newSupervisor(run.id(), job.killGrace()));
    } else {
      gate.enqueue(job.id(), run.id());
      active.waitingWith(run.id(), values);
    }
  }

  /** Launches a starting run's process on a thread of its own, and follows it there. */
  void launchLater(Run run, Job job, BoundParameters values) {
    Thread.ofVirtual().name("run-" + run.id()).start(() -> launch(run, job, values));
  }

  /**
   * A run of a job that needs approval is only recorded: it holds no slot and starts nothing until
   * {@link RunApprovals} lets it go.
   */
  private Run awaitApproval(String id, Job job, RunInput input, String startedBy) {
    Run run =
        Run.created(
            id,
            job.id(),
            RunState.AWAITING_APPROVAL,
            input.values().masked(),
            now(),
            startedBy,
            input.reason());
    repository.insert(run);
    // Not remembered with the unfinished runs: another node may approve, reject or cancel it, so
    // its state is always read from the database. Its values stay here, for its secrets' sake.
    active.awaitingWith(run.id(), input.values());
    announce(run);
    events.onRunEvent(new RunEvent.RunRequested(run));
    return run;
  }

  public Optional<Run> find(String runId) {
    return repository.find(runId);
  }

  /** The run {@code runId}; {@link RunExceptions.RunNotFound} when there is none. */
  public Run run(String runId) {
    return repository.find(runId).orElseThrow(() -> new RunExceptions.RunNotFound(runId));
  }

  public List<Run> list(RunQuery query) {
    return repository.list(query);
  }

  /**
   * A waiting run's place in its job's line, counting the runs active before it (2 when one run is
   * ahead of it); 0 when it does not wait.
   */
  public int placeInLine(Run run) {
    lock.lock();
    try {
      return gate.placeInLine(run.jobId(), run.id());
    } finally {
      lock.unlock();
    }
  }

  /** Whether a run of the job is starting or running now. */
  public boolean isBusy(String jobId) {
    lock.lock();
    try {
      return gate.isBusy(jobId);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Kills a run: a waiting run leaves the line, an active one gets SIGTERM then SIGKILL.
   *
   * @param killedBy the name of the user asking, recorded with the run
   * @return the run as the kill left it, and what the kill did
   */
  public RunStop kill(String runId, String killedBy) {
    return stop(runId, RunState.KILLED, killedBy);
  }

  /** {@code by} is null for a timeout. */
  private RunStop stop(String runId, RunState reason, String by) {
    RunSupervisor supervisor;
    Run updated;
    RunStop.Effect effect;
    lock.lock();
    try {
      Run run = latest(runId).orElseThrow(() -> new RunExceptions.RunNotFound(runId));
      if (run.state().isTerminal()) {
        throw new RunExceptions.Conflict(
            "Run " + runId + " has already ended (" + run.state().apiName() + ").");
      }
      supervisor = null;
      effect = RunStop.Effect.CANCELLED;
      if (run.state() == RunState.AWAITING_APPROVAL) {
        updated = run.stopping(reason, by).finished(reason, null, CANCELLED_AWAITING, now());
        if (!repository.updateIfState(updated, RunState.AWAITING_APPROVAL)) {
          throw new RunExceptions.Conflict(
              "Run " + runId + " was approved or rejected meanwhile; look at it again.");
        }
        active.takeAwaiting(runId);
        forgetSecrets(runId);
      } else if (run.state() == RunState.QUEUED) {
        gate.dequeue(run.jobId(), runId);
        active.forgetValues(runId);
        updated =
            run.stopping(reason, by).finished(reason, null, "stopped while waiting in line", now());
        store(updated);
        forgetSecrets(runId);
      } else if (run.stopRequest() != null) {
        supervisor = active.supervisor(runId); // asked again, in case it missed the first time
        updated = run;
        effect = RunStop.Effect.ALREADY_STOPPING;
      } else {
        supervisor = active.supervisor(runId);
        updated = run.stopping(reason, by);
        if (supervisor != null) {
          store(updated);
          effect = RunStop.Effect.SIGNALLED;
        } else {
          // Not this server's to follow, nor to keep in memory: recorded only if the run is still
          // as read, so that whoever follows it never has a newer state overwritten.
          if (!repository.updateIfState(updated, run.state())) {
            throw new RunExceptions.Conflict(
                "Run " + runId + " changed meanwhile; look at it again.");
          }
          effect = RunStop.Effect.RECORDED;
        }
      }
    } finally {
      lock.unlock();
    }
    events.onRunEvent(new RunEvent.RunStopRequested(updated, by));
    if (supervisor != null) {
      supervisor.requestStop(reason);
    } else {
      announce(updated);
    }
    return new RunStop(updated, effect);
  }

  private RunSupervisor newSupervisor(String runId, Duration killGrace) {
    return new RunSupervisor(runId, killGrace, reports, watcher, clock, outputs::isFull);
  }

  /**
   * Opens the run's log, starts its process and follows it; on a thread of its own. Whatever goes
   * wrong, the run ends.
   */
  private void launch(Run run, Job job, BoundParameters values) {
    RunSupervisor supervisor = active.supervisor(run.id());
    OutputLog log;
    try {
      log = outputs.openForWriting(run.id());
    } catch (RuntimeException e) {
      LOG.warn("run {} cannot store its output: {}", run.id(), e.getMessage());
      finish(
          run.id(), job, RunState.FAILED, null, "its output cannot be stored: " + e.getMessage());
      return;
    }
    JobProcess process;
    try {
      process =
          launcher.launch(
              new JobLaunch(
                  run.id(),
                  CommandTemplate.render(job.command(), values.values()),
                  ProcessEnvironment.of(run, job, values),
                  job.workdir(),
                  job.tty(),
                  log.directory(),
                  log.sourceFile(StdStream.STDOUT),
                  log.sourceFile(StdStream.STDERR)));
    } catch (LaunchFailedException | RuntimeException e) {
      String why = values.hide(e.getMessage()); // a program named by a secret stays unnamed
      LOG.info("run {} of job {} could not start: {}", run.id(), job.id(), why);
      try {
        Diagnostics.append(log.sourceFile(StdStream.STDERR), e.getMessage());
      } catch (RuntimeException notWritten) {
        LOG.warn(
            "run {}: the reason it could not start is not in its log: {}", run.id(), notWritten);
      }
      follow(run.id(), job, supervisor, log, null, why);
      return;
    }
    Run started = update(run.id(), r -> r.started(process.pid(), now()));
    events.onRunEvent(new RunEvent.RunStarted(started));
    supervisor.attach(process);
    if (job.timeout() != null) {
      active.timeout(run.id(), job.timeout(), () -> timedOut(run.id()));
    }
    follow(run.id(), job, supervisor, log, process, null);
  }

  private void timedOut(String runId) {
    try {
      stop(runId, RunState.TIMED_OUT, null);
    } catch (RunExceptions.Conflict alreadyEnded) {
      // the run ended just before its time was up
    }
  }

  /**
   * Supervises the run's process until it ends, then records the outcome. With no process (it could
   * not start) only the output written so far is stored and the run fails with {@code error}.
   * Nothing it meets ends this thread before the run is finished: when supervision itself fails,
   * the process is still waited for and its exit code recorded (else the run is {@code lost}), with
   * the reason in words, and the slot is freed.
   */
  void follow(
      String runId,
      Job job,
      RunSupervisor supervisor,
      OutputLog log,
      JobProcess process,
      String error) {
    RunState end;
    Integer code = null;
    String why = error;
    boolean stored = true;
    boolean complete = true;
    try {
      if (process == null) {
        stored = supervisor.drainOnly(log);
        end = RunState.FAILED;
      } else {
        RunSupervisor.Outcome outcome = supervisor.supervise(log);
        if (outcome.exit() instanceof ProcessExit.Exited exited) {
          code = exited.code();
        }
        end = RunOutcome.state(outcome);
        stored = outcome.outputStored();
        why = OutputFaults.why(end, outcome.outputFault(), stored);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      release(runId, supervisor);
      return; // the server is shutting down: the run stays active, re-attached on the next start
    } catch (RuntimeException | Error e) {
      LOG.error("run {} could not be supervised", runId, e);
      stored = true; // nothing more can be stored by this supervisor: no catching up
      complete = false; // and what it did not store stays on disk, secrets and all
      String broke =
          "the server stopped following its output after an unexpected error (" + e + ")";
      end = RunState.LOST;
      why = broke;
      try {
        // The process goes on regardless: its end is still what the run's outcome should be.
        RunSupervisor.Outcome late = process == null ? null : supervisor.awaitExit();
        if (late != null && late.exit() instanceof ProcessExit.Exited exited) {
          code = exited.code();
          end = RunOutcome.state(late);
          why = broke + ": its output may be incomplete";
        }
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        release(runId, supervisor);
        return;
      } catch (RuntimeException | Error again) {
        LOG.error("run {}: its process cannot be watched either", runId, again);
      }
    }
    finish(runId, job, end, code, why);
    if (!stored && active.catchUp(supervisor)) {
      LOG.info("run {}: the rest of its output is stored", runId);
      stored = true;
      String fault = supervisor.outputFault();
      update(runId, r -> r.explained(OutputFaults.why(r.state(), fault, true)));
    }
    release(runId, supervisor);
    if (stored && complete) {
      forgetSecrets(runId); // until then they stay: the rest of the output is still to be masked
    }
  }

  /**
   * A waiting run's values bound again against its job as the catalog declares it now, with its
   * secrets back from the copy its directory keeps (for a run this server no longer holds in
   * memory: after a restart, or asked for on another node); or, in {@code lost}, why it cannot
   * start any more.
   */
  record Resumed(BoundParameters values, String lost) {}

  /**
   * Puts back every value that was stored masked, whether or not its parameter is still secret in
   * the catalog (a parameter that stopped being secret while the run waited must not start it with
   * the literal mask). A value stored as the mask with nothing kept for it is the mask itself only
   * when other secrets of the run were kept; with none kept it cannot be told from a lost secret,
   * and the run does not start. A parameter that became secret meanwhile is masked in the output
   * from the first byte, with the values the run was given.
   *
   * @param secretsLost what {@link Resumed#lost} says when a secret the run was given is not kept
   *     (it waited since before secrets were kept, or another node took the request)
   */
  Resumed resume(Run run, Job job, String secretsLost) {
    Map<String, String> kept = outputs.keptSecrets(run.id());
    var given = new LinkedHashMap<>(run.params());
    for (Map.Entry<String, String> stored : run.params().entrySet()) {
      String name = stored.getKey();
      Optional<ParamSpec> param = job.param(name);
      if (!BoundParameters.MASK.equals(stored.getValue()) || param.isEmpty()) {
        continue; // a parameter gone from the job is refused by the binder below
      }
      String value = kept.get(name);
      if (value != null) {
        given.put(name, value);
      } else if (kept.isEmpty()) {
        return new Resumed(
            null,
            param.get().secret()
                ? secretsLost
                : "its value for '"
                    + name
                    + "' was secret when it was asked for, and was not kept; start it again");
      } // else: other secrets were kept and this one was not among them: it is the value given
    }
    BoundParameters values;
    try {
      values = ParameterBinder.bind(job, given);
    } catch (InvalidParameterException e) {
      return new Resumed(null, "its parameters no longer fit the job: " + e.getMessage());
    }
    if (!kept.keySet().containsAll(values.secrets().keySet())) {
      var masked = new LinkedHashMap<>(kept);
      masked.putAll(values.secrets());
      outputs.keepSecrets(run.id(), masked);
    }
    return new Resumed(values, null);
  }

  /**
   * Deletes what the run kept of its secrets; a failure leaves them where only we can read them.
   */
  void forgetSecrets(String runId) {
    try {
      outputs.forgetSecrets(runId);
    } catch (RuntimeException e) {
      LOG.warn("run {}: its secret values could not be deleted: {}", runId, e.getMessage());
    }
  }

  private void release(String runId, RunSupervisor supervisor) {
    try {
      supervisor.close();
      outputs.release(runId);
    } catch (RuntimeException e) {
      LOG.warn("run {}: closing its output failed", runId, e);
    }
  }

  private void finish(String runId, Job job, RunState end, Integer code, String why) {
    Run finished = null;
    Optional<String> next = Optional.empty();
    lock.lock();
    try {
      try {
        Run run = latest(runId).orElseThrow();
        RunReport last = reports.finish(runId);
        finished = (last == null ? run : run.reporting(last)).finished(end, code, why, now());
        store(finished);
      } catch (RuntimeException e) {
        LOG.error("run {} could not be recorded as {}", runId, end.apiName(), e);
      } finally {
        // Whatever happened above, the run no longer holds its job's slot.
        active.remove(runId);
        if (job == null) {
          gate.forget(runId);
        } else {
          next = gate.finished(job, runId);
        }
      }
    } finally {
      lock.unlock();
    }
    if (finished != null) {
      announce(finished);
    }
    next.ifPresent(nextId -> startWaiting(nextId, job));
  }

  /** Starts a run that waited in line; the gate has already counted it active. */
  void startWaiting(String runId, Job job) {
    BoundParameters values = active.takeValues(runId);
    Run run;
    try {
      lock.lock();
      try {
        active.add(runId, newSupervisor(runId, job.killGrace()));
        run = update(runId, r -> r.moveTo(RunState.STARTING));
      } finally {
        lock.unlock();
      }
    } catch (RuntimeException e) {
      LOG.error("run {} could not leave the line", runId, e);
      finish(runId, job, RunState.FAILED, null, "the server could not start it: " + e);
      return;
    }
    Thread.ofVirtual().name("run-" + runId).start(() -> launch(run, job, values));
  }

  RunEventListener events() {
    return events;
  }

  Run update(String runId, UnaryOperator<Run> change) {
    Run updated;
    lock.lock();
    try {
      updated = change.apply(latest(runId).orElseThrow());
      store(updated);
    } finally {
      lock.unlock();
    }
    announce(updated);
    return updated;
  }

  /**
   * The run as last written: from memory while it is unfinished (this service wrote it, so no read
   * is needed, and none can fail), else from the repository.
   */
  private Optional<Run> latest(String runId) {
    Run known = active.latest(runId);
    return known != null ? Optional.of(known) : repository.find(runId);
  }

  /** The one place a run's change is written; the repository retries what it cannot write yet. */
  private void store(Run run) {
    active.remember(run); // first: memory holds the truth even if the database never takes it
    repository.update(run);
  }

  void announce(Run run) {
    for (RunListener listener : runListeners) {
      try {
        listener.onRunChanged(run);
      } catch (RuntimeException e) {
        LOG.warn("a run listener failed on run {}", run.id(), e);
      }
    }
  }

  // Package-private seams for RunRecovery, which re-attaches runs after a restart.
  ReentrantLock lock() {
    return lock;
  }

  ConcurrencyGate gate() {
    return gate;
  }

  ActiveRuns active() {
    return active;
  }

  RunRepository repository() {
    return repository;
  }

  OutputStore outputs() {
    return outputs;
  }

  ProcessLauncher launcher() {
    return launcher;
  }

  /** A run found unfinished at start-up, now this service's to write. */
  void adopt(Run run) {
    active.remember(run);
  }

  RunSupervisor supervisorFor(String runId, Duration killGrace) {
    RunSupervisor supervisor = newSupervisor(runId, killGrace);
    active.add(runId, supervisor);
    return supervisor;
  }

  void fail(String runId, Job job, String why) {
    finish(runId, job, RunState.FAILED, null, why);
  }

  void scheduleTimeout(String runId, Duration left) {
    active.timeout(runId, left, () -> timedOut(runId));
  }

  /**
   * Now, to the millisecond: what the database keeps, so a run reads the same before and after
   * storing.
   */
  Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  /** Stops following runs (their processes keep running, to be re-attached by the next server). */
  @Override
  public void close() {
    active.close();
  }
}
