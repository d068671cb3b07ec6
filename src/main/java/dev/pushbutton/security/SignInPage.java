package dev.pushbutton.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.web.WebAttributes;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * The sign-in page: the password form (unless {@code pushbutton.security.local-login} is false) and
 * a button per OpenID provider, with what went wrong last time. Also the page for a request refused
 * for want of a CSRF token.
 */
@Controller
public class SignInPage {
  public static final String PATH = "/login";
  static final String DENIED = "/denied";
  static final String SESSION_COOKIE = "SESSION";

  private final SecurityProperties properties;
  private final ObjectProvider<ClientRegistrationRepository> providers;

  SignInPage(
      SecurityProperties properties, ObjectProvider<ClientRegistrationRepository> providers) {
    this.properties = properties;
    this.providers = providers;
  }

  /** A provider's button. */
  public record Provider(String id, String name) {}

  @GetMapping(PATH)
  String signIn(HttpServletRequest request, Model model) {
    String problem = null;
    if (request.getParameter("error") != null) {
      problem = lastProblem(request);
    }
    return page(model, problem, request.getParameter("signedOut") != null);
  }

  /** The form's POST, forwarded here by {@link FormSignInFailure} with 429 already set. */
  @RequestMapping(FormSignInFailure.REFUSED_PAGE)
  String refused(HttpServletRequest request, Model model) {
    Object message = request.getAttribute(FormSignInFailure.MESSAGE);
    return page(model, message == null ? "Sign-in refused." : message.toString(), false);
  }

  @RequestMapping(DENIED)
  String denied(HttpServletResponse response, Model model) {
    response.setStatus(HttpServletResponse.SC_FORBIDDEN);
    model.addAttribute("title", "Refused");
    model.addAttribute(
        "message",
        "This form was sent without a valid security token, perhaps from an old page or after"
            + " your session ended. Go back, reload the page and try again.");
    return "problem";
  }

  private String page(Model model, String problem, boolean signedOut) {
    model.addAttribute("localLogin", properties.localLogin());
    model.addAttribute("providers", providers());
    model.addAttribute("problem", problem);
    model.addAttribute("signedOut", signedOut);
    return "sign-in";
  }

  private List<Provider> providers() {
    var buttons = new ArrayList<Provider>();
    ClientRegistrationRepository repository = providers.getIfAvailable();
    if (repository instanceof Iterable<?> registrations) {
      for (Object each : registrations) {
        if (each instanceof ClientRegistration registration) {
          buttons.add(new Provider(registration.getRegistrationId(), registration.getClientName()));
        }
      }
    }
    return buttons;
  }

  /** What the last failed sign-in of this browser said, for people. */
  private static String lastProblem(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    Object failure =
        session == null ? null : session.getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION);
    if (failure instanceof BadCredentialsException || failure == null) {
      return "Wrong user name or password.";
    }
    if (failure instanceof AuthenticationException e && e.getMessage() != null) {
      return e.getMessage();
    }
    return "Sign-in failed.";
  }
}
