package dev.pushbutton.system;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Shows a {@link CannotStartException} as its sentence and what to do; the stack trace would only
 * bury the sentence, and it points into Pushbutton, not at the operator's problem.
 */
class CannotStartFailureAnalyzer extends AbstractFailureAnalyzer<CannotStartException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, CannotStartException cause) {
    return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
  }
}
