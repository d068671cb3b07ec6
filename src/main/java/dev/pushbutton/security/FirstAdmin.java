package dev.pushbutton.security;

import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure someone can sign in to a fresh install: with no users at all, creates {@code admin}
 * with the password from {@code PUSHBUTTON_ADMIN_PASSWORD}, or with a random one printed once on
 * the console (never through the log, which may be kept in files), as Jenkins does.
 */
final class FirstAdmin {
  private static final Logger LOG = LoggerFactory.getLogger(FirstAdmin.class);

  private final UserService users;
  private final PrintStream console;

  FirstAdmin(UserService users, PrintStream console) {
    this.users = users;
    this.console = console;
  }

  /**
   * @param configured the password {@code PUSHBUTTON_ADMIN_PASSWORD} gives; null or blank if none
   */
  void ensure(String configured) {
    boolean given = configured != null && !configured.isBlank();
    if (given) {
      if (users.createFirstAdmin(configured)) {
        LOG.info("created the user 'admin' with the password PUSHBUTTON_ADMIN_PASSWORD gives");
      }
      return;
    }
    String password = randomPassword();
    if (users.createFirstAdmin(password)) {
      console.println(
          """

          *************************************************************************
          Pushbutton created the user 'admin', with this password:

              %s

          Sign in with it, then change it on the Password page. It is shown only
          this once; set PUSHBUTTON_ADMIN_PASSWORD on the first start to choose one.
          *************************************************************************
          """
              .formatted(password));
      console.flush();
    }
  }

  private static String randomPassword() {
    byte[] bits = new byte[18]; // 144 bits: 24 characters of base64url
    new SecureRandom().nextBytes(bits);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
  }
}
