package dev.pushbutton.system;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Pushbutton's settings.
 *
 * @param catalog the catalog YAML file; when unset, the demo catalog bundled in the jar
 * @param dataDir where the database and every run's output live
 * @param heartbeat how often an idle event stream gets a comment line, so proxies keep it open
 * @param disk how much room the data directory must keep
 * @param database how long a request waits for a busy database
 * @param approvals how runs awaiting approval are watched
 * @param jobs what a job's process gets from the server
 * @param memory whether and how the server gives memory back while it rests
 */
@ConfigurationProperties("pushbutton")
public record PushbuttonProperties(
    Path catalog,
    @DefaultValue("./data") Path dataDir,
    @DefaultValue("15s") Duration heartbeat,
    @DefaultValue Disk disk,
    @DefaultValue Database database,
    @DefaultValue Approvals approvals,
    @DefaultValue Jobs jobs,
    @DefaultValue Memory memory) {

  /**
   * @param minFree below this much free space on the data directory's disk, new runs are refused
   *     (503) and the health check reports DOWN
   */
  public record Disk(@DefaultValue("64MB") DataSize minFree) {}

  /**
   * @param busyTimeout how long a request waits for the embedded database when another writer holds
   *     it (SQLite's busy timeout) before it is answered 503
   */
  public record Database(@DefaultValue("5s") Duration busyTimeout) {}

  /**
   * @param checkEvery how often the server looks for runs whose approval did not come in time (one
   *     indexed query each time); a run is rejected at most this late
   */
  public record Approvals(@DefaultValue("1s") Duration checkEvery) {}

  /**
   * @param passEnv variables of the server's environment that jobs also get, beyond the few every
   *     job gets (PATH, HOME, LANG, LC_*, TZ, USER, LOGNAME, SHELL, TMPDIR): names, or prefixes
   *     written {@code MYAPP_*}. Nothing else of the server's environment reaches a job.
   */
  public record Jobs(@DefaultValue List<String> passEnv) {}

  /**
   * @param giveBackAtRest after a quiet stretch, collect the heap once, let it shrink, and return
   *     freed native memory to the operating system
   * @param quietFor how long the server must have been quiet (under 2% of one processor) before it
   *     gives memory back
   */
  public record Memory(
      @DefaultValue("true") boolean giveBackAtRest, @DefaultValue("30s") Duration quietFor) {}
}
