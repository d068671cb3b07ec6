package dev.pushbutton.api;

import dev.pushbutton.run.Decision;

/**
 * One person's decision on a run that awaited approval, as the API shows it.
 *
 * @param decision {@code approved} or {@code rejected}
 * @param at when, as an ISO-8601 instant
 */
public record DecisionView(String by, String decision, String comment, String at) {
  static DecisionView of(Decision decision) {
    return new DecisionView(
        decision.by(), decision.verdict().apiName(), decision.comment(), decision.at().toString());
  }
}
