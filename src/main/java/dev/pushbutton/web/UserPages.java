package dev.pushbutton.web;

import dev.pushbutton.catalog.InvalidParameterException;
import dev.pushbutton.security.JobAccess;
import dev.pushbutton.security.Role;
import dev.pushbutton.security.SecurityExceptions;
import dev.pushbutton.security.User;
import dev.pushbutton.security.UserService;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriUtils;

/** The Users pages, for admins: the list, a new user, and one user's details. */
@Controller
class UserPages {
  private final UserService users;
  private final JobAccess access;

  UserPages(UserService users, JobAccess access) {
    this.users = users;
    this.access = access;
  }

  @GetMapping("/users")
  String list(User me, Model model) {
    access.requireAdmin(me);
    return listPage(model, Map.of(), Map.of());
  }

  @PostMapping("/users")
  String create(
      @RequestParam MultiValueMap<String, String> form,
      User me,
      Model model,
      HttpServletResponse response) {
    access.requireAdmin(me);
    Map<String, Object> fields =
        FormFields.of(form, "username", "password", "displayName", "role", "groups");
    try {
      users.create(me, fields);
      return "redirect:/users";
    } catch (InvalidParameterException e) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      return listPage(model, FormFields.shown(fields), errors(e.field(), e.getMessage()));
    } catch (SecurityExceptions.Conflict e) {
      response.setStatus(HttpServletResponse.SC_CONFLICT);
      return listPage(model, FormFields.shown(fields), errors(e.field(), e.getMessage()));
    }
  }

  @GetMapping("/users/{username}")
  String edit(@PathVariable String username, User me, Model model) {
    access.requireAdmin(me);
    return editPage(users.get(username), model, Map.of());
  }

  /** Saves the form; a blank password leaves the password as it was. */
  @PostMapping("/users/{username}")
  String update(
      @PathVariable String username,
      @RequestParam MultiValueMap<String, String> form,
      User me,
      Model model,
      HttpServletResponse response) {
    access.requireAdmin(me);
    User user = users.get(username);
    Map<String, Object> fields =
        user.isLocal()
            ? FormFields.of(form, "displayName", "role", "groups", "password")
            : FormFields.of(form, "displayName");
    if ("".equals(fields.get("password"))) {
      fields.remove("password");
    }
    try {
      users.update(me, username, fields);
      return "redirect:/users";
    } catch (InvalidParameterException e) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      return editPage(user, model, errors(e.field(), e.getMessage()));
    } catch (SecurityExceptions.Conflict e) {
      response.setStatus(HttpServletResponse.SC_CONFLICT);
      return editPage(user, model, errors(e.field(), e.getMessage()));
    }
  }

  @PostMapping("/users/{username}/delete")
  String delete(@PathVariable String username, User me, Model model, HttpServletResponse response) {
    access.requireAdmin(me);
    try {
      users.delete(me, username);
      return "redirect:/users";
    } catch (SecurityExceptions.Conflict e) {
      response.setStatus(HttpServletResponse.SC_CONFLICT);
      return editPage(users.get(username), model, errors(null, e.getMessage()));
    }
  }

  private String listPage(Model model, Map<String, String> values, Map<String, String> errors) {
    model.addAttribute("users", users.list());
    model.addAttribute("roles", roles());
    model.addAttribute("values", values);
    model.addAttribute("errors", errors);
    return "users";
  }

  private String editPage(User user, Model model, Map<String, String> errors) {
    model.addAttribute("user", user);
    model.addAttribute("roles", roles());
    model.addAttribute("errors", errors);
    model.addAttribute("self", UriUtils.encodePathSegment(user.username(), "UTF-8"));
    return "user";
  }

  private static java.util.List<String> roles() {
    return Arrays.stream(Role.values()).map(Role::apiName).toList();
  }

  /** The message beside its field, or at the top ({@code _form}) when no field is at fault. */
  private static Map<String, String> errors(String field, String message) {
    var errors = new HashMap<String, String>();
    errors.put(field == null ? "_form" : field, message);
    return errors;
  }
}
