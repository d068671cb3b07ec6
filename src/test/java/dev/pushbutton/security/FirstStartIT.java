package dev.pushbutton.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushbutton.testing.Api;
import dev.pushbutton.testing.ServerProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fresh install, started as users start it: with no admin password given, it makes one, prints it
 * on the console once, and keeps it nowhere in clear.
 */
class FirstStartIT {
  private static final Pattern PRINTED = Pattern.compile("with this password:\\s+(\\S+)");

  @TempDir Path work;

  @Test
  void withoutAPasswordGivenTheFirstAdminGetsARandomOnePrintedOnce() throws Exception {
    Path dataDir = work.resolve("data");
    String password;
    try (ServerProcess server =
        new ServerProcess(dataDir, List.of("-Xmx256m", "--pushbutton.admin.password=")).start()) {
      String console = Files.readString(server.console());
      Matcher printed = PRINTED.matcher(console);
      assertThat(printed.find()).as("the console says the password:\n" + console).isTrue();
      password = printed.group(1);
      assertThat(password).hasSizeGreaterThanOrEqualTo(20);
      assertThat(console.split(Pattern.quote(password), -1)).as("printed once").hasSize(2);

      Api anonymous = Api.anonymous(server.baseUrl());
      assertThat(anonymous.get("/api/jobs").status()).isEqualTo(401);
      Api admin = Api.basic(server.baseUrl(), "admin", password);
      assertThat(admin.get("/api/me").json()).containsEntry("role", "admin");
      assertThat(filesHolding(dataDir, password)).isEmpty();
    }
    try (ServerProcess again =
        new ServerProcess(dataDir, List.of("-Xmx256m", "--pushbutton.admin.password=")).start()) {
      String console = Files.readString(again.console());
      assertThat(PRINTED.matcher(console).results().count())
          .as("a second start makes no other admin")
          .isEqualTo(1);
      assertThat(Api.basic(again.baseUrl(), "admin", password).get("/api/me").status())
          .isEqualTo(200);
    }
  }

  private static List<Path> filesHolding(Path dir, String secret) throws IOException {
    byte[] needle = secret.getBytes(StandardCharsets.UTF_8);
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .filter(file -> {
            try {
              return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)
                  .contains(new String(needle, StandardCharsets.ISO_8859_1));
            } catch (IOException e) {
              return false;
            }
          })
          .toList();
    }
  }
}
