package dev.pushbutton.catalog;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The loaded catalog: every job, in the order the file declares them. */
public final class Catalog {
  private final String source;
  private final Map<String, Job> jobs = new LinkedHashMap<>();

  public Catalog(String source, List<Job> jobs) {
    this.source = source;
    jobs.forEach(job -> this.jobs.put(job.id(), job));
  }

  /** Where the catalog came from (a file path, or the bundled demo). */
  public String source() {
    return source;
  }

  public List<Job> jobs() {
    return List.copyOf(jobs.values());
  }

  public Optional<Job> job(String id) {
    return Optional.ofNullable(jobs.get(id));
  }
}
