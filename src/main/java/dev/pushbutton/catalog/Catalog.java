package dev.pushbutton.catalog;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The loaded catalog: every job, in the order the file declares them. */
public final class Catalog {
  private final String source;
  private final String sha256;
  private final Map<String, Job> jobs = new LinkedHashMap<>();

  public Catalog(String source, List<Job> jobs) {
    this(source, jobs, null);
  }

  private Catalog(String source, List<Job> jobs, String sha256) {
    this.source = source;
    this.sha256 = sha256;
    jobs.forEach(job -> this.jobs.put(job.id(), job));
  }

  /** This catalog, with the SHA-256 of the bytes it was parsed from. */
  Catalog checksummed(String sha256) {
    return new Catalog(source, jobs(), sha256);
  }

  /** The SHA-256 (hex) of the file as it was read; null for a catalog not read from bytes. */
  public String sha256() {
    return sha256;
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
