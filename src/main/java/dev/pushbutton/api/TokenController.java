package dev.pushbutton.api;

import dev.pushbutton.security.ApiToken;
import dev.pushbutton.security.ApiTokens;
import dev.pushbutton.security.User;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The caller's own API tokens. */
@RestController
class TokenController {
  private final ApiTokens tokens;

  TokenController(ApiTokens tokens) {
    this.tokens = tokens;
  }

  /** A new token, its text in {@code token}: the only time anyone sees it. */
  @PostMapping("/api/tokens")
  ResponseEntity<Issued> create(@RequestBody Map<String, Object> body, User user) {
    ApiTokens.Issued issued = tokens.create(user, body);
    ApiToken token = issued.token();
    return ResponseEntity.created(URI.create("/api/tokens/" + token.id()))
        .body(
            new Issued(
                token.id(),
                token.name(),
                issued.secret(),
                text(token.createdAt()),
                text(token.expiresAt())));
  }

  record Issued(String id, String name, String token, String createdAt, String expiresAt) {}

  @GetMapping("/api/tokens")
  List<Listed> list(User user) {
    return tokens.listOf(user).stream()
        .map(t ->
            new Listed(
                t.id(), t.name(), text(t.createdAt()), text(t.expiresAt()), text(t.lastUsedAt())))
        .toList();
  }

  /** A token as listed: never its text, which is not kept. */
  record Listed(String id, String name, String createdAt, String expiresAt, String lastUsedAt) {}

  @DeleteMapping("/api/tokens/{id}")
  ResponseEntity<Void> revoke(@PathVariable String id, User user) {
    tokens.revoke(user, id);
    return ResponseEntity.noContent().build();
  }

  private static String text(Instant at) {
    return at == null ? null : at.toString();
  }
}
