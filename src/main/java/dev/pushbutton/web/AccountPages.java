package dev.pushbutton.web;

import dev.pushbutton.catalog.InvalidParameterException;
import dev.pushbutton.security.ApiTokens;
import dev.pushbutton.security.SecurityExceptions;
import dev.pushbutton.security.User;
import dev.pushbutton.security.UserService;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import java.util.Objects;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Each user's own pages: their API tokens, and their password. */
@Controller
class AccountPages {
  private final ApiTokens tokens;
  private final UserService users;

  AccountPages(ApiTokens tokens, UserService users) {
    this.tokens = tokens;
    this.users = users;
  }

  @GetMapping("/account/tokens")
  String tokens(User me, Model model) {
    return tokensPage(me, model, null, Map.of(), Map.of());
  }

  /** Makes a token and shows its text this once, on this answer only (never in a URL). */
  @PostMapping("/account/tokens")
  String create(
      @RequestParam MultiValueMap<String, String> form,
      User me,
      Model model,
      HttpServletResponse response) {
    Map<String, Object> fields = FormFields.of(form, "name", "expiresInDays");
    try {
      ApiTokens.Issued issued = tokens.create(me, fields);
      return tokensPage(me, model, issued, Map.of(), Map.of());
    } catch (InvalidParameterException e) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      return tokensPage(
          me, model, null, FormFields.shown(fields), Map.of(e.field(), e.getMessage()));
    }
  }

  @PostMapping("/account/tokens/{id}/revoke")
  String revoke(@PathVariable String id, User me) {
    try {
      tokens.revoke(me, id);
    } catch (SecurityExceptions.NotFound alreadyGone) {
      // the list shows what is left
    }
    return "redirect:/account/tokens";
  }

  @GetMapping("/account/password")
  String password(User me, Model model) {
    return passwordPage(me, model, Map.of(), false);
  }

  @PostMapping("/account/password")
  String changePassword(
      @RequestParam MultiValueMap<String, String> form,
      User me,
      Model model,
      HttpServletResponse response) {
    String next = form.getFirst("newPassword");
    if (!Objects.equals(next, form.getFirst("repeatPassword"))) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      return passwordPage(
          me, model, Map.of("repeatPassword", "The two new passwords do not match."), false);
    }
    try {
      users.changeOwnPassword(me, form.getFirst("currentPassword"), next);
      return passwordPage(me, model, Map.of(), true);
    } catch (InvalidParameterException e) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      return passwordPage(me, model, Map.of(e.field(), e.getMessage()), false);
    }
  }

  private String tokensPage(
      User me,
      Model model,
      ApiTokens.Issued issued,
      Map<String, String> values,
      Map<String, String> errors) {
    model.addAttribute("tokens", tokens.listOf(me));
    model.addAttribute("issued", issued);
    model.addAttribute("values", values);
    model.addAttribute("errors", errors);
    return "tokens";
  }

  private String passwordPage(User me, Model model, Map<String, String> errors, boolean done) {
    model.addAttribute("errors", errors);
    model.addAttribute("done", done);
    model.addAttribute("minLength", UserService.MIN_PASSWORD);
    return "password";
  }
}
