package dev.pushbutton.security;

import static java.net.http.HttpRequest.BodyPublishers.noBody;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pushbutton.testing.Api;
import dev.pushbutton.testing.ServerTest;
import dev.pushbutton.testing.WebSession;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Users managed through the API and the pages, and each user's own password. */
class UserApiTests extends ServerTest {

  @Test
  void anAdminMakesChangesAndDeletesAUser() {
    Api.Response made =
        api.post(
            "/api/users",
            Map.of(
                "username", "ada-" + port,
                "password", "correct horse battery",
                "displayName", "Ada Lovelace",
                "role", "operator",
                "groups", List.of("ops", "analysts")));
    assertThat(made.status()).isEqualTo(201);
    assertThat(made.location()).isEqualTo("/api/users/ada-" + port);
    assertThat(made.json())
        .containsEntry("username", "ada-" + port)
        .containsEntry("displayName", "Ada Lovelace")
        .containsEntry("role", "operator")
        .containsEntry("groups", List.of("analysts", "ops"))
        .containsEntry("provider", "local")
        .doesNotContainKeys("password", "passwordHash");
    assertThat(made.body()).doesNotContain("correct horse battery", "bcrypt");

    Api ada = api.as("ada-" + port, "correct horse battery");
    assertThat(ada.get("/api/me").json())
        .isEqualTo(
            Map.of(
                "username",
                "ada-" + port,
                "displayName",
                "Ada Lovelace",
                "role",
                "operator",
                "groups",
                List.of("analysts", "ops")));

    Api.Response changed =
        api.put("/api/users/ada-" + port, Map.of("role", "viewer", "groups", List.of("support")));
    assertThat(changed.status()).isEqualTo(200);
    assertThat(ada.get("/api/me").json())
        .containsEntry("role", "viewer")
        .containsEntry("groups", List.of("support"));
    assertThat(api.get("/api/users").jsonList())
        .extracting(u -> u.get("username"))
        .contains("admin", "ada-" + port);

    assertThat(api.delete("/api/users/ada-" + port).status()).isEqualTo(204);
    assertThat(ada.get("/api/me").status()).isEqualTo(401);
    assertThat(api.delete("/api/users/ada-" + port).status()).isEqualTo(404);
  }

  @Test
  void aPasswordSetByAnAdminOrTheUserDeletedSignsThemOutEverywhere() {
    var person = newUser("operator");
    WebSession browser = WebSession.signIn(api.base(), person.username(), PASSWORD);
    WebSession phone = WebSession.signIn(api.base(), person.username(), PASSWORD);
    assertThat(browser.get("/").statusCode()).isEqualTo(200);

    assertThat(
            api.put("/api/users/" + person.username(), Map.of("password", "a new one for you"))
                .status())
        .isEqualTo(200);
    assertThat(browser.get("/").statusCode()).isEqualTo(302);
    assertThat(phone.get("/api/me").statusCode()).isEqualTo(401);

    WebSession again = WebSession.signIn(api.base(), person.username(), "a new one for you");
    assertThat(again.get("/").statusCode()).isEqualTo(200);
    api.delete("/api/users/" + person.username());
    assertThat(again.get("/").statusCode()).isEqualTo(302);
  }

  @Test
  void badInputIsRefusedNamingTheField() {
    assertRefused(
        api.post("/api/users", Map.of("username", "x1", "password", "short")), 400, "password");
    assertRefused(
        api.post("/api/users", Map.of("username", "Bad Name", "password", PASSWORD)),
        400,
        "username");
    assertRefused(api.post("/api/users", Map.of("password", PASSWORD)), 400, "username");
    assertRefused(api.post("/api/users", Map.of("username", "x2")), 400, "password");
    assertRefused(
        api.post("/api/users", Map.of("username", "x3", "password", PASSWORD, "role", "root")),
        400,
        "role");
    assertRefused(
        api.post(
            "/api/users",
            Map.of("username", "x4", "password", PASSWORD, "groups", "a", "group", "b")),
        400,
        "group");
    assertRefused(
        api.post(
            "/api/users", Map.of("username", "x5", "password", PASSWORD, "groups", List.of(1, 2))),
        400,
        "groups");
    assertRefused(
        api.post("/api/users", Map.of("username", "x6", "password", "ä".repeat(40))),
        400,
        "password");
    assertRefused(
        api.post("/api/users", Map.of("username", "admin", "password", PASSWORD)), 409, "username");
    assertRefused(api.put("/api/users/admin", Map.of("username", "root")), 400, "username");
    assertThat(api.put("/api/users/nobody-" + port, Map.of("role", "viewer")).status())
        .isEqualTo(404);
  }

  /** Users and passwords are changed with JSON: a form is the wrong type, even a broken one. */
  @Test
  void aPutWithAFormBodyIsRefusedAsTheWrongType() {
    for (String path : List.of("/api/users/admin", "/api/me/password")) {
      for (String form : List.of("displayName=x", "a=%ZZ")) {
        var answer =
            api.send(
                HttpRequest.newBuilder(api.uri(path))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .PUT(HttpRequest.BodyPublishers.ofString(form))
                    .build());
        assertThat(answer.status()).as(path + " " + form).isEqualTo(415);
        assertThat((String) answer.json().get("error")).contains("application/json");
      }
    }
    var none = api.send(HttpRequest.newBuilder(api.uri("/api/users/admin")).PUT(noBody()).build());
    assertThat(none.status()).isEqualTo(400);
    assertThat((String) none.json().get("error")).isEqualTo("This request needs a JSON body.");
  }

  @Test
  void theLastAdminCannotBeDemotedOrDeleted() {
    assertRefused(api.put("/api/users/admin", Map.of("role", "operator")), 409, "role");
    assertThat(api.delete("/api/users/admin").status()).isEqualTo(409);
    assertThat(api.get("/api/me").json()).containsEntry("role", "admin");
  }

  @Test
  void onlyAdminsManageUsers() {
    var operator = newUser("operator");
    assertThat(operator.api().get("/api/users").status()).isEqualTo(403);
    assertThat(
            operator
                .api()
                .post("/api/users", Map.of("username", "evil", "password", PASSWORD))
                .status())
        .isEqualTo(403);
    assertThat(
            operator
                .api()
                .put("/api/users/" + operator.username(), Map.of("role", "admin"))
                .status())
        .isEqualTo(403);
    assertThat(operator.api().delete("/api/users/admin").status()).isEqualTo(403);
    assertThat(operator.api().get("/api/me").json()).containsEntry("role", "operator");
    WebSession web = WebSession.signIn(api.base(), operator.username(), PASSWORD);
    assertThat(web.get("/users").statusCode()).isEqualTo(403);
    assertThat(web.get("/").body()).doesNotContain("href=\"/users\"");
  }

  @Test
  void everyoneChangesTheirOwnPasswordKnowingTheCurrentOne() {
    var person = newUser("viewer");
    Api.Response wrong =
        person
            .api()
            .put(
                "/api/me/password",
                Map.of("currentPassword", "not it at all", "newPassword", "a brand new password"));
    assertRefused(wrong, 400, "currentPassword");
    assertRefused(
        person
            .api()
            .put("/api/me/password", Map.of("currentPassword", PASSWORD, "newPassword", "short")),
        400,
        "newPassword");
    assertThat(
            person
                .api()
                .put(
                    "/api/me/password",
                    Map.of("currentPassword", PASSWORD, "newPassword", "a brand new password"))
                .status())
        .isEqualTo(204);
    assertThat(person.api().get("/api/me").status()).isEqualTo(401);
    assertThat(api.as(person.username(), "a brand new password").get("/api/me").status())
        .isEqualTo(200);
  }

  @Test
  void thePasswordPageChangesThePassword() {
    var person = newUser("operator");
    WebSession web = WebSession.signIn(api.base(), person.username(), PASSWORD);
    assertThat(web.get("/account/password").body())
        .contains("id=\"currentPassword\"", "id=\"newPassword\"");

    var wrong = changePassword(web, "wrong wrong wrong", "another good one!", "another good one!");
    assertThat(wrong.statusCode()).isEqualTo(400);
    assertThat(wrong.body())
        .contains("id=\"error-currentPassword\"", "The current password is not right.");

    var mismatch = changePassword(web, PASSWORD, "another good one!", "something else!!");
    assertThat(mismatch.statusCode()).isEqualTo(400);
    assertThat(mismatch.body()).contains("do not match");

    var done = changePassword(web, PASSWORD, "another good one!", "another good one!");
    assertThat(done.statusCode()).isEqualTo(200);
    assertThat(done.body()).contains("Your password has been changed.");
    assertThat(api.as(person.username(), "another good one!").get("/api/me").status())
        .isEqualTo(200);
  }

  @Test
  void theUsersPageManagesUsers() {
    WebSession web = WebSession.signIn(api.base(), "admin", ADMIN_PASSWORD);
    String name = "grace-" + port;
    var made =
        web.post(
            "/users",
            Map.of(
                "username",
                name,
                "password",
                PASSWORD,
                "displayName",
                "Grace Hopper",
                "role",
                "operator",
                "groups",
                "ops, support"));
    assertThat(made.statusCode()).isEqualTo(302);
    String page = web.get("/users").body();
    assertThat(page).contains(name, "Grace Hopper").doesNotContain(PASSWORD);
    assertThat(api.get("/api/users/" + name).json())
        .containsEntry("role", "operator")
        .containsEntry("groups", List.of("ops", "support"));

    var bad = web.post("/users", Map.of("username", "x", "password", "short"));
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("id=\"error-password\"", "at least 12 characters");

    assertThat(
            web.post(
                    "/users/" + name,
                    Map.of("displayName", "Rear Admiral Hopper", "role", "admin", "groups", ""))
                .statusCode())
        .isEqualTo(302);
    assertThat(api.get("/api/users/" + name).json())
        .containsEntry("role", "admin")
        .containsEntry("groups", List.of());
    assertThat(web.post("/users/" + name + "/delete", Map.of()).statusCode()).isEqualTo(302);
    assertThat(api.get("/api/users/" + name).status()).isEqualTo(404);
  }

  private static java.net.http.HttpResponse<String> changePassword(
      WebSession web, String current, String next, String repeated) {
    return web.post(
        "/account/password",
        Map.of("currentPassword", current, "newPassword", next, "repeatPassword", repeated));
  }

  static void assertRefused(Api.Response answer, int status, String field) {
    assertThat(answer.status()).as(answer.body()).isEqualTo(status);
    assertThat(answer.json()).containsKey("error").containsEntry("field", field);
  }
}
