package dev.pushbutton.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a job takes from the server's environment: the allowlist and the operator's additions. */
class InheritedEnvironmentTests {
  private static final Map<String, String> SERVER =
      Map.ofEntries(
          Map.entry("PATH", "/usr/bin:/bin"),
          Map.entry("HOME", "/home/ops"),
          Map.entry("LANG", "C.UTF-8"),
          Map.entry("LC_ALL", "C"),
          Map.entry("LC_TIME", "en_GB.UTF-8"),
          Map.entry("TZ", "UTC"),
          Map.entry("USER", "ops"),
          Map.entry("LOGNAME", "ops"),
          Map.entry("SHELL", "/bin/bash"),
          Map.entry("TMPDIR", "/tmp"),
          Map.entry("TERM", "xterm"),
          Map.entry("SPRING_DATASOURCE_PASSWORD", "secret"),
          Map.entry("PUSHBUTTON_ADMIN_PASSWORD", "secret"),
          Map.entry("MYAPP_URL", "https://example.org"),
          Map.entry("MYAPP_KEY", "k"),
          Map.entry("MYAPPLICATION", "not in the prefix"),
          Map.entry("PROXY", "http://proxy:3128"));

  @TempDir Path runDirectory;

  @Test
  void onlyTheAllowlistPassesByDefault() {
    assertThat(InheritedEnvironment.of(SERVER, List.of()).variables())
        .containsOnlyKeys(
            "PATH", "HOME", "LANG", "LC_ALL", "LC_TIME", "TZ", "USER", "LOGNAME", "SHELL",
            "TMPDIR");
  }

  @Test
  void anOperatorAddsNamesAndPrefixes() {
    assertThat(InheritedEnvironment.of(SERVER, List.of("MYAPP_*", " PROXY ")).variables())
        .containsEntry("MYAPP_URL", "https://example.org")
        .containsEntry("MYAPP_KEY", "k")
        .containsEntry("PROXY", "http://proxy:3128")
        .doesNotContainKeys(
            "MYAPPLICATION", "TERM", "SPRING_DATASOURCE_PASSWORD", "PUSHBUTTON_ADMIN_PASSWORD");
  }

  @Test
  void aRuleThatIsNeitherANameNorAPrefixIsRefused() {
    for (String bad : List.of("*", "MY-APP", "A*B", "1ABC", "", "ALL**")) {
      assertThatThrownBy(() -> InheritedEnvironment.of(SERVER, List.of(bad)))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'" + bad + "', which is not a variable name");
    }
  }

  @Test
  void theProcessSeesNothingOfTheServersEnvironmentButWhatItIsGiven() throws Exception {
    var launcher =
        new ProcessLauncher(InheritedEnvironment.of(Map.of("PATH", "/usr/bin:/bin"), List.of()));
    Path stdout = runDirectory.resolve("stdout");
    launcher.launch(
        new JobLaunch(
            "run-1",
            List.of("env"),
            Map.of("FROM_JOB", "yes", "PUSHBUTTON_RUN_ID", "not-its-id"),
            null,
            false,
            runDirectory,
            stdout,
            runDirectory.resolve("stderr")));
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> Files.exists(DetachedWrapper.exitFile(runDirectory)));

    var seen = new TreeMap<String, String>();
    for (String line : Files.readAllLines(stdout, StandardCharsets.UTF_8)) {
      seen.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
    }
    // The shell that runs the command adds PWD, as any shell would; the run's id cannot be faked.
    assertThat(seen)
        .containsOnlyKeys("PATH", "FROM_JOB", "PUSHBUTTON_RUN_ID", "PWD")
        .containsEntry("PUSHBUTTON_RUN_ID", "run-1");
  }
}
