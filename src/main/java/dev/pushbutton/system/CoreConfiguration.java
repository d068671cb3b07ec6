package dev.pushbutton.system;

import dev.pushbutton.audit.AuditAction;
import dev.pushbutton.audit.AuditTrail;
import dev.pushbutton.catalog.Catalog;
import dev.pushbutton.catalog.CatalogLoader;
import dev.pushbutton.live.RunChanges;
import dev.pushbutton.live.RunFeeds;
import dev.pushbutton.output.OutputStore;
import dev.pushbutton.output.OutputWatcher;
import dev.pushbutton.process.InheritedEnvironment;
import dev.pushbutton.process.ProcessLauncher;
import dev.pushbutton.run.ApprovalStore;
import dev.pushbutton.run.ApprovalTimer;
import dev.pushbutton.run.JdbcApprovalStore;
import dev.pushbutton.run.JdbcRunRepository;
import dev.pushbutton.run.RetryingRunRepository;
import dev.pushbutton.run.RunApprovals;
import dev.pushbutton.run.RunEvent;
import dev.pushbutton.run.RunEventListener;
import dev.pushbutton.run.RunRecovery;
import dev.pushbutton.run.RunRepository;
import dev.pushbutton.run.RunService;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/** Assembles the core: it is plain Java, and this is the one place that knows how the parts fit. */
@Configuration(proxyBeanMethods = false)
class CoreConfiguration {
  private static final Logger LOG = LoggerFactory.getLogger(CoreConfiguration.class);

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  Catalog catalog(PushbuttonProperties properties) {
    Catalog catalog =
        properties.catalog() == null
            ? CatalogLoader.loadDemo()
            : CatalogLoader.load(properties.catalog());
    LOG.info("catalog {}: {} jobs", catalog.source(), catalog.jobs().size());
    return catalog;
  }

  /** Runs' changes are retried when the database refuses them for a while (busy, full disk). */
  @Bean(destroyMethod = "close")
  RetryingRunRepository runRepository(JdbcClient jdbc, JsonMapper json) {
    return new RetryingRunRepository(new JdbcRunRepository(jdbc, json));
  }

  @Bean
  OutputStore outputStore(PushbuttonProperties properties) {
    return new OutputStore(
        properties.dataDir().resolve(DataDirectory.RUNS).toAbsolutePath(),
        properties.disk().minFree().toBytes());
  }

  @Bean(destroyMethod = "close")
  OutputWatcher outputWatcher() {
    return new OutputWatcher();
  }

  @Bean
  RunFeeds runFeeds(RunRepository runs) {
    return new RunFeeds(runs);
  }

  @Bean
  RunChanges runChanges(JsonMapper json) {
    return new RunChanges(json);
  }

  /**
   * Whoever listens to what people do with runs (the audit trail, say) declares a {@link
   * RunEventListener} bean; with none, nobody is told.
   */
  @Bean(destroyMethod = "close")
  RunService runService(
      Catalog catalog,
      RunRepository runs,
      OutputStore outputs,
      OutputWatcher watcher,
      RunFeeds feeds,
      RunChanges changes,
      ObjectProvider<RunEventListener> eventListeners,
      PushbuttonProperties properties,
      Clock clock) {
    return new RunService(
        catalog,
        runs,
        outputs,
        new ProcessLauncher(inheritedEnvironment(properties)),
        watcher,
        feeds,
        List.of(feeds, changes),
        new LateRunEventListeners(eventListeners),
        clock);
  }

  /** What jobs take from the server's environment: the allowlist and the operator's additions. */
  private static InheritedEnvironment inheritedEnvironment(PushbuttonProperties properties) {
    try {
      return InheritedEnvironment.ofServer(properties.jobs().passEnv());
    } catch (IllegalArgumentException e) {
      throw new CannotStartException(
          "pushbutton.jobs.pass-env lists " + e.getMessage(),
          "Correct pushbutton.jobs.pass-env: a list of variable names, or prefixes such as"
              + " MYAPP_*.");
    }
  }

  /**
   * Every {@link RunEventListener} bean, looked up at the first event rather than when the engine
   * is made: a listener may then use beans that need the engine (the run service, the job access)
   * without a cycle.
   */
  private static final class LateRunEventListeners implements RunEventListener {
    private final ObjectProvider<RunEventListener> beans;
    private volatile RunEventListener all;

    LateRunEventListeners(ObjectProvider<RunEventListener> beans) {
      this.beans = beans;
    }

    @Override
    public void onRunEvent(RunEvent event) {
      RunEventListener listeners = all;
      if (listeners == null) {
        // Two first events at once may both look the beans up: the same beans, no harm.
        listeners = RunEventListener.all(beans.orderedStream().toList());
        all = listeners;
      }
      listeners.onRunEvent(event);
    }
  }

  @Bean
  ApprovalStore approvalStore(JdbcClient jdbc) {
    return new JdbcApprovalStore(jdbc);
  }

  @Bean
  RunApprovals runApprovals(RunService runs, ApprovalStore store, Clock clock) {
    return new RunApprovals(runs, store, clock);
  }

  /** Started by {@link RecoveryBeforeServing}, once the unfinished runs are known. */
  @Bean(destroyMethod = "close")
  ApprovalTimer approvalTimer(RunApprovals approvals, PushbuttonProperties properties) {
    return new ApprovalTimer(approvals, properties.approvals().checkEvery());
  }

  @Bean
  RunRecovery runRecovery(RunService runs) {
    return new RunRecovery(runs);
  }

  /** Re-attaches the runs a previous server left active before the web server opens its port. */
  @Bean
  RecoveryBeforeServing recoveryBeforeServing(RunRecovery recovery, ApprovalTimer approvalTimer) {
    return new RecoveryBeforeServing(recovery, approvalTimer);
  }

  /** Memory given back while the server rests; see {@link RestingFootprint}. */
  @Bean(destroyMethod = "close")
  RestingFootprint restingFootprint(PushbuttonProperties properties) {
    var footprint = new RestingFootprint(properties.memory().quietFor());
    if (properties.memory().giveBackAtRest()) {
      footprint.start();
    }
    return footprint;
  }

  /**
   * Notes in the audit trail which catalog this server runs, with the SHA-256 of the bytes it
   * parsed: once per start.
   */
  @EventListener(ApplicationReadyEvent.class)
  void recordCatalog(ApplicationReadyEvent event) {
    var context = event.getApplicationContext();
    Catalog catalog = context.getBean(Catalog.class);
    context
        .getBean(AuditTrail.class)
        .record(
            AuditTrail.SERVER,
            AuditAction.CATALOG_LOADED,
            catalog.source(),
            Map.of("sha256", catalog.sha256(), "jobs", catalog.jobs().size()));
  }
}
