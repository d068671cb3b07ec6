package dev.pushbutton.api;

import dev.pushbutton.security.User;
import java.util.List;

/**
 * A user as the API shows them: never a password or its hash.
 *
 * @param provider {@code local}, or the OpenID Connect registration they sign in through
 */
public record UserView(
    String username,
    String displayName,
    String role,
    List<String> groups,
    String provider,
    String createdAt) {

  public static UserView of(User user) {
    return new UserView(
        user.username(),
        user.displayName(),
        user.role().apiName(),
        List.copyOf(user.groups()),
        user.provider(),
        user.createdAt().toString());
  }
}
