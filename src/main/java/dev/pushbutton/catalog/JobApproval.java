package dev.pushbutton.catalog;

import java.time.Duration;
import java.util.List;

/**
 * Four eyes: a run of the job waits until {@code count} people other than the one who asked for it,
 * each a member of one of {@code groups}, have approved it; a rejection, or {@code timeout} passing
 * since it was asked for, ends it unstarted.
 *
 * @param groups the groups whose members may approve or reject, in the catalog's order; not empty
 * @param count how many different people must approve; at least 1
 * @param timeout how long a run waits for its approvals, counted from when it was asked for
 */
public record JobApproval(List<String> groups, int count, Duration timeout) {
  public static final int DEFAULT_COUNT = 1;
  public static final Duration DEFAULT_TIMEOUT = Duration.ofHours(24);

  public JobApproval {
    groups = List.copyOf(groups);
    if (groups.isEmpty() || count < 1) {
      throw new IllegalArgumentException("an approval needs a group and a count of at least 1");
    }
  }
}
