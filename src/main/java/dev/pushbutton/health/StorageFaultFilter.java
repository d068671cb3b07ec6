package dev.pushbutton.health;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.HtmlUtils;
import tools.jackson.databind.json.JsonMapper;

/**
 * The outermost filter: a fault of the ground that escapes everything else (the session store
 * failing to save at the end of a request, a security filter reading a locked database) becomes a
 * 503 asking to try again, JSON under {@code /api}, a short page elsewhere; never a 500 with a
 * stack trace. It also tells the session store whether the request changes anything (see {@link
 * #changesNothing()}).
 */
public final class StorageFaultFilter extends OncePerRequestFilter {
  private static final Logger LOG = LoggerFactory.getLogger(StorageFaultFilter.class);

  /** The exchange this thread is answering, for {@link #changesNothing()}. */
  private static final ThreadLocal<Exchange> CURRENT = new ThreadLocal<>();

  private record Exchange(HttpServletRequest request, HttpServletResponse response) {}

  /**
   * Whether the request on this thread changes nothing: it only reads (GET, HEAD), or it is refused
   * anyway (an error status). Then a session whose last-access time cannot be stored need not fail
   * it. A request that changes something must not seem to have worked when it did not.
   */
  public static boolean changesNothing() {
    Exchange current = CURRENT.get();
    if (current == null) {
      return false;
    }
    String method = current.request().getMethod();
    return method.equals("GET") || method.equals("HEAD") || current.response().getStatus() >= 400;
  }

  private final JsonMapper json;

  public StorageFaultFilter(JsonMapper json) {
    this.json = json;
  }

  /** Also around async and error dispatches: an event stream's session is saved at their end. */
  @Override
  protected boolean shouldNotFilterAsyncDispatch() {
    return false;
  }

  @Override
  protected boolean shouldNotFilterErrorDispatch() {
    return false;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    CURRENT.set(new Exchange(request, response));
    try {
      chain.doFilter(request, response);
    } catch (IOException | ServletException | RuntimeException e) {
      Optional<String> fault = StorageFaults.describe(e);
      if (fault.isEmpty()) {
        throw e;
      }
      LOG.warn(
          "answered 503 to {} {}: {}", request.getMethod(), request.getRequestURI(), e.toString());
      if (response.isCommitted()) {
        return; // the answer is on its way: nothing better to say now
      }
      answer(request, response, fault.get());
    } finally {
      CURRENT.remove();
    }
  }

  private void answer(HttpServletRequest request, HttpServletResponse response, String why)
      throws IOException {
    response.reset();
    response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
    response.setHeader("Retry-After", StorageFaults.RETRY_AFTER_SECONDS);
    response.setHeader("Cache-Control", "no-store");
    response.setCharacterEncoding("UTF-8");
    if (request.getRequestURI().startsWith(request.getContextPath() + "/api/")) {
      response.setContentType("application/json");
      response.getWriter().write(json.writeValueAsString(Map.of("error", why)));
    } else {
      response.setContentType("text/html");
      response
          .getWriter()
          .write(
              "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Try again in a"
                  + " moment</title></head><body><h1>Try again in a moment</h1><p>"
                  + HtmlUtils.htmlEscape(why)
                  + "</p></body></html>");
    }
  }
}
