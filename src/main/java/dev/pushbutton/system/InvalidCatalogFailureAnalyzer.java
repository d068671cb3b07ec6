package dev.pushbutton.system;

import dev.pushbutton.catalog.InvalidCatalogException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Shows a catalog with a mistake as the loader's own message (file, line, job and problem), which
 * is all the operator needs to correct it.
 */
class InvalidCatalogFailureAnalyzer extends AbstractFailureAnalyzer<InvalidCatalogException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, InvalidCatalogException cause) {
    String message = cause.getMessage();
    // "Invalid catalog /x, line 4: ..." reads on after the prefix as "invalid catalog ...".
    String problem = Character.toLowerCase(message.charAt(0)) + message.substring(1);
    return new FailureAnalysis(
        CannotStartException.PREFIX + problem,
        "Correct the catalog (pushbutton.catalog) and start Pushbutton again.",
        cause);
  }
}
