package dev.pushbutton.catalog;

import java.util.Set;

/**
 * Who may see and run a job, by group, as its {@code allow} key declares. A job without one has no
 * {@code JobAllow}: every signed-in user sees it. A group named under {@code run} may also view; a
 * key left out names no group.
 *
 * @param view groups whose members may see the job and its runs
 * @param run groups whose members may also start and kill its runs (operators among them)
 */
public record JobAllow(Set<String> view, Set<String> run) {
  public JobAllow {
    view = Set.copyOf(view);
    run = Set.copyOf(run);
  }
}
