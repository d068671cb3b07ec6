package dev.pushbutton.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;

/** Keeps no OpenID provider's access or refresh token: Pushbutton never uses them after sign-in. */
final class NothingKept implements OAuth2AuthorizedClientRepository {

  @Override
  public <T extends OAuth2AuthorizedClient> T loadAuthorizedClient(
      String registrationId, Authentication principal, HttpServletRequest request) {
    return null;
  }

  @Override
  public void saveAuthorizedClient(
      OAuth2AuthorizedClient client,
      Authentication principal,
      HttpServletRequest request,
      HttpServletResponse response) {
    // not kept
  }

  @Override
  public void removeAuthorizedClient(
      String registrationId,
      Authentication principal,
      HttpServletRequest request,
      HttpServletResponse response) {
    // nothing to remove
  }
}
