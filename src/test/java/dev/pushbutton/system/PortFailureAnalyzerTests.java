package dev.pushbutton.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.BindException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.web.server.PortInUseException;
import org.springframework.boot.web.server.WebServerException;
import org.springframework.context.ApplicationContextException;
import org.springframework.mock.env.MockEnvironment;

/**
 * The web server's own failure to open its port (when another program took it after the start-up
 * check looked), in the same words as the check.
 */
class PortFailureAnalyzerTests {
  private final MockEnvironment environment =
      new MockEnvironment().withProperty("server.port", "81");
  private final PortFailureAnalyzer analyzer = new PortFailureAnalyzer(environment);

  @Test
  void aTakenPortIsOneSentenceNamingIt() {
    FailureAnalysis analysis =
        analyzer.analyze(
            webServerFailure(
                new PortInUseException(8080, new BindException("Address already in use"))));

    assertThat(analysis.getDescription())
        .isEqualTo(
            "Pushbutton cannot start: port 8080 is already in use (set server.port or stop the"
                + " other program).");
  }

  @Test
  void aRefusedBindNamesThePortAndTheReason() {
    FailureAnalysis analysis =
        analyzer.analyze(
            webServerFailure(
                new IllegalArgumentException(
                    "Connector failed to start", new BindException("Permission denied"))));

    assertThat(analysis.getDescription())
        .isEqualTo("Pushbutton cannot start: port 81 cannot be opened (permission denied).");
    assertThat(analysis.getAction()).contains("CAP_NET_BIND_SERVICE");
  }

  @Test
  void aBindOutsideTheWebServerIsLeftToOthers() {
    assertThat(
            analyzer.analyze(
                new ApplicationContextException("no", new BindException("Address already in use"))))
        .isNull();
  }

  private static Throwable webServerFailure(Throwable cause) {
    return new ApplicationContextException(
        "Failed to start bean 'webServerStartStop'",
        new WebServerException("Unable to start embedded Tomcat server", cause));
  }
}
