package dev.pushbutton.catalog;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A job as declared in the catalog: what to run and how.
 *
 * @param command argv elements, possibly holding {@code {{param}}} placeholders
 * @param workdir where the process starts; null for the server's working directory
 * @param timeout how long a run may take before it is ended as timed out; null for no limit
 * @param maxParallel how many runs may be active at once; 0 for no limit
 * @param allow the groups that may see and run it; null when every signed-in user may see it
 * @param reason whether a run must, may or need not say why it is started
 * @param approval who must approve a run before it starts (four eyes); null when nobody need
 */
public record Job(
    String id,
    String name,
    String description,
    String group,
    List<String> command,
    List<ParamSpec> params,
    Map<String, String> env,
    Path workdir,
    Duration timeout,
    Concurrency concurrency,
    int maxParallel,
    Duration killGrace,
    boolean tty,
    String confirm,
    JobAllow allow,
    ReasonPolicy reason,
    JobApproval approval) {

  public Job {
    command = List.copyOf(command);
    params = List.copyOf(params);
    env = Map.copyOf(env);
    reason = reason == null ? ReasonPolicy.NONE : reason;
  }

  public Optional<ParamSpec> param(String name) {
    return params.stream().filter(p -> p.name().equals(name)).findFirst();
  }

  /**
   * The most runs of this job that may be active at once; {@link Integer#MAX_VALUE} for no limit.
   */
  public int activeLimit() {
    return switch (concurrency) {
      case SINGLE, QUEUE -> 1;
      case PARALLEL -> maxParallel > 0 ? maxParallel : Integer.MAX_VALUE;
    };
  }
}
