package dev.pushbutton.security;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Sign-in settings, {@code pushbutton.security.*}. The first admin's password is {@code
 * pushbutton.admin.password} (the environment variable {@code PUSHBUTTON_ADMIN_PASSWORD}).
 *
 * @param localLogin whether people may sign in with a password kept here (the form and HTTP Basic);
 *     false leaves OpenID Connect and API tokens
 * @param recheck how often an open event stream asks again whether its viewer may still watch
 * @param oidc how people signed in through an OpenID provider get their groups and role
 */
@ConfigurationProperties("pushbutton.security")
public record SecurityProperties(
    @DefaultValue("true") boolean localLogin,
    @DefaultValue("30s") Duration recheck,
    @DefaultValue Oidc oidc) {

  /**
   * @param groupsClaim the claim (of the ID token or the user info) that lists a user's groups
   * @param adminGroups members of any of these are admins
   * @param operatorGroups members of any of these (and none of the admin groups) are operators;
   *     everyone else who signs in this way is a viewer
   */
  public record Oidc(
      @DefaultValue("groups") String groupsClaim,
      @DefaultValue List<String> adminGroups,
      @DefaultValue List<String> operatorGroups) {}
}
