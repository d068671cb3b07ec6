package dev.pushbutton.catalog;

/**
 * The catalog file cannot be used; the message names the file, the line, the job and the problem.
 */
public final class InvalidCatalogException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InvalidCatalogException(String source, int line, String jobId, String problem) {
    super(describe(source, line, jobId, problem));
  }

  private static String describe(String source, int line, String jobId, String problem) {
    var where = new StringBuilder("Invalid catalog ").append(source);
    if (line > 0) {
      where.append(", line ").append(line);
    }
    if (jobId != null) {
      where.append(", job '").append(jobId).append('\'');
    }
    return where.append(": ").append(problem).toString();
  }
}
