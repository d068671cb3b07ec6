package dev.pushbutton.web;

import dev.pushbutton.health.StorageFaults;
import dev.pushbutton.output.OutputStorageException;
import dev.pushbutton.run.RunExceptions;
import dev.pushbutton.run.RunStorageException;
import dev.pushbutton.security.SecurityExceptions;
import dev.pushbutton.security.User;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessException;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import tools.jackson.databind.json.JsonMapper;

/**
 * What every page shares: who is signed in (for the top bar), and refusals as pages saying so, not
 * JSON bodies.
 */
@ControllerAdvice(basePackageClasses = PageErrors.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class PageErrors {
  private static final String STATE_WORDS_JSON =
      JsonMapper.shared().writeValueAsString(Words.STATES);

  private final ApprovalInbox inbox;

  PageErrors(ApprovalInbox inbox) {
    this.inbox = inbox;
  }

  /** The signed-in user, as {@code me} in every page's model. */
  @ModelAttribute("me")
  User me(User user) {
    return user;
  }

  /**
   * The top bar's Approvals link and how many runs await the user's decision; counted only when a
   * page draws the top bar.
   */
  @ModelAttribute("inbox")
  ApprovalInbox.Badge inbox(User user) {
    return inbox.badge(user);
  }

  /** The states in words, for badges and filters, and as JSON for the pages' script. */
  @ModelAttribute("stateWords")
  Map<String, String> stateWords() {
    return Words.STATES;
  }

  @ModelAttribute("stateWordsJson")
  String stateWordsJson() {
    return STATE_WORDS_JSON;
  }

  @ExceptionHandler({
    RunExceptions.JobNotFound.class,
    RunExceptions.RunNotFound.class,
    SecurityExceptions.NotFound.class
  })
  String notFound(RuntimeException e, User user, Model model, HttpServletResponse response) {
    return problem(
        HttpServletResponse.SC_NOT_FOUND, "Not found", e.getMessage(), user, model, response);
  }

  @ExceptionHandler({SecurityExceptions.Forbidden.class, RunExceptions.NotAllowed.class})
  String forbidden(RuntimeException e, User user, Model model, HttpServletResponse response) {
    return problem(
        HttpServletResponse.SC_FORBIDDEN, "Not allowed", e.getMessage(), user, model, response);
  }

  /**
   * A form Tomcat cannot decode (a broken %-escape such as {@code %ZZ}, too many fields): no
   * browser sends one from these pages, but whoever did gets a page saying so, not a server error.
   */
  @ExceptionHandler(InvalidParameterException.class)
  String brokenForm(
      InvalidParameterException e, User user, Model model, HttpServletResponse response) {
    boolean tooLarge = e.getErrorCode() == HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE;
    return problem(
        tooLarge ? e.getErrorCode() : HttpServletResponse.SC_BAD_REQUEST,
        "The form could not be read",
        tooLarge
            ? "The form sent was too large."
            : "The form sent has a broken %-escape or too many fields. Go back, reload the page"
                + " and try again.",
        user,
        model,
        response);
  }

  /** A full disk or a locked database: a page saying so, asking to try again, not a 500. */
  @ExceptionHandler({
    DataAccessException.class,
    OutputStorageException.class,
    RunStorageException.class
  })
  String storageFault(RuntimeException e, User user, Model model, HttpServletResponse response) {
    response.setHeader("Retry-After", StorageFaults.RETRY_AFTER_SECONDS);
    return problem(
        HttpServletResponse.SC_SERVICE_UNAVAILABLE,
        "Try again in a moment",
        StorageFaults.describe(e).orElse("The server cannot store anything right now."),
        user,
        model,
        response);
  }

  private String problem(
      int status,
      String title,
      String message,
      User user,
      Model model,
      HttpServletResponse response) {
    response.setStatus(status);
    // An exception handler's model starts empty: the top bar needs to know who is signed in.
    model.addAttribute("me", user);
    model.addAttribute("inbox", inbox.badge(user));
    model.addAttribute("title", title);
    model.addAttribute("message", message);
    return "problem";
  }
}
