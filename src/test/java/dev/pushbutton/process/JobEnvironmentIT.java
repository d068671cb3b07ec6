package dev.pushbutton.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushbutton.testing.Api;
import dev.pushbutton.testing.ServerProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job sees nothing secret of the server's environment: the packaged server is started the way
 * operators start it, with passwords in its environment, and a job that prints {@code env} shows
 * only the allowlist, what the operator passes on, and the run's own variables.
 */
class JobEnvironmentIT {
  /** What an operator may well start the server with, and no job may see. */
  private static final Map<String, String> SERVER_SECRETS =
      Map.of(
          "SPRING_DATASOURCE_PASSWORD", "db-password-1",
          "PUSHBUTTON_ADMIN_PASSWORD", "admin-password-2",
          "SPRING_SECURITY_OAUTH2_CLIENT_SECRET", "oidc-secret-3",
          "AWS_SECRET_ACCESS_KEY", "aws-secret-4",
          "DEPLOYMENT_TOKEN", "not-a-prefix-match-5");

  @TempDir Path work;

  @Test
  void aJobGetsTheAllowlistTheOperatorsAdditionsAndItsOwnVariablesOnly() throws Exception {
    var environment = new LinkedHashMap<>(SERVER_SECRETS);
    environment.put("LANG", "C.UTF-8");
    environment.put("LC_TIME", "en_GB.UTF-8");
    environment.put("TZ", "Europe/Paris");
    environment.put("DEPLOY_TARGET", "eu-west");
    environment.put("DEPLOY_REGION", "paris");
    environment.put("EXTRA", "passed by name");
    try (ServerProcess server =
        new ServerProcess(
                work.resolve("data"),
                List.of("-Xmx256m", "--pushbutton.jobs.pass-env=DEPLOY_*,EXTRA,NOT_SET"))
            .withEnvironment(environment)
            .start()) {
      Api api = server.api();

      String runId = api.start("print-env", Map.of("target", "web-1"));
      Map<String, String> seen = envOf(api, runId);

      assertThat(seen)
          .containsEntry("PATH", System.getenv("PATH"))
          .containsEntry("LANG", "C.UTF-8")
          .containsEntry("LC_TIME", "en_GB.UTF-8")
          .containsEntry("TZ", "Europe/Paris")
          .containsEntry("DEPLOY_TARGET", "eu-west")
          .containsEntry("DEPLOY_REGION", "paris")
          .containsEntry("EXTRA", "passed by name")
          .containsEntry("FROM_CATALOG", "catalog value")
          .containsEntry("PARAM_TARGET", "web-1")
          .containsEntry("PUSHBUTTON_RUN_ID", runId)
          .containsEntry("PUSHBUTTON_JOB_ID", "print-env")
          .containsEntry("PUSHBUTTON_STARTED_BY", "admin")
          .doesNotContainKeys(SERVER_SECRETS.keySet().toArray(String[]::new));
      if (System.getenv("HOME") != null) {
        assertThat(seen).containsEntry("HOME", System.getenv("HOME"));
      }
      assertThat(seen.keySet())
          .as("nothing beyond the allowlist, the operator's additions and the run's own")
          .allMatch(name -> allowed(name) || name.equals("PWD"), "allowed");
      assertThat(seen.values()).noneMatch(SERVER_SECRETS::containsValue);

      Map<String, String> tty = envOf(api, api.start("print-env-tty", Map.of()));
      assertThat(tty)
          .containsEntry("TERM", "xterm-256color")
          .containsEntry("PUSHBUTTON_JOB_ID", "print-env-tty")
          .doesNotContainKeys(SERVER_SECRETS.keySet().toArray(String[]::new));
      assertThat(tty.keySet()).allMatch(name -> allowed(name) || name.equals("PWD"), "allowed");
    }
  }

  @Test
  void aPassEnvRuleThatIsNoNameStopsTheServerWithOneSentence() throws Exception {
    ServerProcess.Ended ended =
        new ServerProcess(
                work.resolve("data"), List.of("-Xmx256m", "--pushbutton.jobs.pass-env=MY-APP"))
            .startAndAwaitExit(Duration.ofSeconds(60));
    assertThat(ended.exitCode()).isNotZero();
    assertThat(ended.console())
        .contains("Pushbutton cannot start: pushbutton.jobs.pass-env lists 'MY-APP', which is not");
  }

  private static boolean allowed(String name) {
    return InheritedEnvironment.ALWAYS.contains(name)
        || name.startsWith("LC_")
        || name.startsWith("DEPLOY_")
        || name.startsWith("PUSHBUTTON_")
        || name.startsWith("PARAM_")
        || List.of("EXTRA", "FROM_CATALOG", "TERM", "PYTHONUNBUFFERED").contains(name);
  }

  private static Map<String, String> envOf(Api api, String runId) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> "succeeded".equals(api.state(runId)));
    var variables = new TreeMap<String, String>();
    for (String line : new String(api.log(runId), StandardCharsets.UTF_8).split("\r?\n")) {
      int equals = line.indexOf('=');
      if (equals > 0) {
        variables.put(line.substring(0, equals), line.substring(equals + 1));
      }
    }
    return variables;
  }
}
