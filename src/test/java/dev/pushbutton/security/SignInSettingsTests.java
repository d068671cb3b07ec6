package dev.pushbutton.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushbutton.testing.ServerTest;
import dev.pushbutton.testing.WebSession;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** The settings of signing in, each in a server of its own. */
class SignInSettingsTests {

  /** {@code server.servlet.session.timeout}: a session unused that long has ended. */
  @Nested
  @TestPropertySource(properties = "server.servlet.session.timeout=2s")
  class IdleTimeout extends ServerTest {
    @Test
    void aSessionLeftIdleEndsAndThePageAsksToSignInAgain() {
      WebSession web = WebSession.signIn(api.base(), "admin", ADMIN_PASSWORD);
      assertThat(web.get("/runs").statusCode()).isEqualTo(200);
      eventually()
          .pollDelay(Duration.ofSeconds(2))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> web.get("/runs").statusCode() == 302);
      HttpResponse<String> after = web.get("/runs");
      assertThat(after.headers().firstValue("Location").orElseThrow()).endsWith("/login");
    }
  }

  /** {@code pushbutton.security.local-login=false}: no password sign-in, by form or Basic. */
  @Nested
  @TestPropertySource(properties = "pushbutton.security.local-login=false")
  class LocalLoginOff extends ServerTest {
    @Test
    void theSignInPageHasNoPasswordFormAndPasswordsAreRefused() {
      String page = WebSession.anonymous(api.base()).get("/login").body();
      assertThat(page).doesNotContain("id=\"password\"").contains("No way to sign in is set up");
      assertThat(api.get("/api/me").status()).as("HTTP Basic").isEqualTo(401);
      HttpResponse<String> form =
          WebSession.anonymous(api.base()).signInAs("admin", ADMIN_PASSWORD);
      assertThat(form.statusCode()).isNotEqualTo(302);
    }
  }
}
