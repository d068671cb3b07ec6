package dev.pushbutton.api;

import dev.pushbutton.security.JobAccess;
import dev.pushbutton.security.User;
import dev.pushbutton.security.UserService;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriUtils;

/** The caller ({@code /api/me}), and users, which only admins manage. */
@RestController
class UserController {
  private final UserService users;
  private final JobAccess access;

  UserController(UserService users, JobAccess access) {
    this.users = users;
    this.access = access;
  }

  /** Who the caller is, with the role and groups that decide what they may do. */
  @GetMapping("/api/me")
  Me me(User user) {
    return new Me(
        user.username(), user.displayName(), user.role().apiName(), List.copyOf(user.groups()));
  }

  record Me(String username, String displayName, String role, List<String> groups) {}

  /** A local user changes their own password: {@code {"currentPassword", "newPassword"}}. */
  @PutMapping("/api/me/password")
  ResponseEntity<Void> password(@RequestBody Map<String, Object> body, User user) {
    users.changeOwnPassword(user, text(body, "currentPassword"), text(body, "newPassword"));
    return ResponseEntity.noContent().build();
  }

  @GetMapping("/api/users")
  List<UserView> list(User user) {
    access.requireAdmin(user);
    return users.list().stream().map(UserView::of).toList();
  }

  @GetMapping("/api/users/{username}")
  UserView get(@PathVariable String username, User user) {
    access.requireAdmin(user);
    return UserView.of(users.get(username));
  }

  @PostMapping("/api/users")
  ResponseEntity<UserView> create(@RequestBody Map<String, Object> body, User user) {
    access.requireAdmin(user);
    User created = users.create(user, body);
    return ResponseEntity.created(
            URI.create("/api/users/" + UriUtils.encodePathSegment(created.username(), "UTF-8")))
        .body(UserView.of(created));
  }

  @PutMapping("/api/users/{username}")
  UserView update(@PathVariable String username, @RequestBody Map<String, Object> body, User user) {
    access.requireAdmin(user);
    return UserView.of(users.update(user, username, body));
  }

  @DeleteMapping("/api/users/{username}")
  ResponseEntity<Void> delete(@PathVariable String username, User user) {
    access.requireAdmin(user);
    users.delete(user, username);
    return ResponseEntity.noContent().build();
  }

  private static String text(Map<String, Object> body, String field) {
    return body.get(field) instanceof String text ? text : null;
  }
}
