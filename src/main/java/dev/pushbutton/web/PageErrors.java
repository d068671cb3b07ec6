package dev.pushbutton.web;

import dev.pushbutton.run.RunExceptions;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/** A missing job or run on a page is a page saying so, not a JSON body. */
@ControllerAdvice(basePackageClasses = PageErrors.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class PageErrors {

  @ExceptionHandler({RunExceptions.JobNotFound.class, RunExceptions.RunNotFound.class})
  String notFound(RuntimeException e, Model model, HttpServletResponse response) {
    response.setStatus(HttpServletResponse.SC_NOT_FOUND);
    model.addAttribute("title", "Not found");
    model.addAttribute("message", e.getMessage());
    return "problem";
  }
}
