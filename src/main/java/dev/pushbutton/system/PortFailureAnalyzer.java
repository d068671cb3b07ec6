package dev.pushbutton.system;

import java.net.BindException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.web.server.PortInUseException;
import org.springframework.boot.web.server.WebServerException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;

/**
 * The web server could not open its port although {@link ServerPort#check} could a moment before
 * (another program was quicker): said in the same words. Spring Boot's analyzer for a taken port
 * would answer too, and it has none for a refused one (a page of stack trace); the first analyzer
 * to answer wins, hence the order.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class PortFailureAnalyzer implements FailureAnalyzer {
  private final Environment environment;

  PortFailureAnalyzer(Environment environment) {
    this.environment = environment;
  }

  @Override
  public FailureAnalysis analyze(Throwable failure) {
    PortInUseException inUse = cause(failure, PortInUseException.class);
    if (inUse != null) {
      return analysis(ServerPort.taken(inUse.getPort()), failure);
    }
    // Only a bind under the web server's failure is about server.port.
    WebServerException webServer = cause(failure, WebServerException.class);
    BindException refused = webServer == null ? null : cause(webServer, BindException.class);
    if (refused != null) {
      return analysis(
          ServerPort.refused(
              environment.getProperty("server.port", "8080"),
              environment.getProperty("server.address"),
              refused),
          failure);
    }
    return null;
  }

  private static FailureAnalysis analysis(CannotStartException words, Throwable failure) {
    return new FailureAnalysis(words.getMessage(), words.action(), failure);
  }

  private static <E extends Throwable> E cause(Throwable failure, Class<E> type) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }
}
