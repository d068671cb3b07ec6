package dev.pushbutton.api;

import dev.pushbutton.catalog.InvalidParameterException;
import dev.pushbutton.health.StorageFaults;
import dev.pushbutton.run.RunExceptions;
import dev.pushbutton.security.SecurityExceptions;
import dev.pushbutton.security.User;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Every refusal as JSON with a sentence for people; never a stack trace. What a client got wrong is
 * a 4xx; a 500 means a bug here, a 503 a fault of the ground under the server (a full disk, a
 * locked database) that should pass. The body's Content-Type is set outright, so it is written even
 * when the request's Accept header leaves JSON out (a 406 above all).
 */
@RestControllerAdvice
class ApiErrors {
  private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);

  @ExceptionHandler(InvalidParameterException.class)
  ResponseEntity<ApiError> invalidParameter(InvalidParameterException e) {
    return answer(HttpStatus.BAD_REQUEST, new ApiError(e.getMessage(), e.field(), e.problems()));
  }

  @ExceptionHandler({RunExceptions.JobNotFound.class, RunExceptions.RunNotFound.class})
  ResponseEntity<ApiError> notFound(RuntimeException e) {
    return answer(HttpStatus.NOT_FOUND, new ApiError(e.getMessage()));
  }

  /**
   * An unknown address under {@code /api} is answered in JSON; any other is one a person typed or
   * followed, and gets the pages' 404 page.
   */
  @ExceptionHandler(NoResourceFoundException.class)
  Object noSuchPath(NoResourceFoundException e, User user) {
    if (!e.getResourcePath().startsWith("api/") && !e.getResourcePath().equals("api")) {
      var page = new ModelAndView("error/404", HttpStatus.NOT_FOUND);
      page.addObject("me", user);
      return page;
    }
    return answer(
        HttpStatus.NOT_FOUND, new ApiError("There is nothing at /" + e.getResourcePath() + "."));
  }

  @ExceptionHandler(SecurityExceptions.NotFound.class)
  ResponseEntity<ApiError> noSuchUser(SecurityExceptions.NotFound e) {
    return answer(HttpStatus.NOT_FOUND, new ApiError(e.getMessage()));
  }

  @ExceptionHandler(SecurityExceptions.Forbidden.class)
  ResponseEntity<ApiError> forbidden(SecurityExceptions.Forbidden e) {
    return answer(HttpStatus.FORBIDDEN, new ApiError(e.getMessage()));
  }

  @ExceptionHandler(RunExceptions.NotAllowed.class)
  ResponseEntity<ApiError> notAllowed(RunExceptions.NotAllowed e) {
    return answer(HttpStatus.FORBIDDEN, new ApiError(e.getMessage()));
  }

  @ExceptionHandler(SecurityExceptions.Conflict.class)
  ResponseEntity<ApiError> userConflict(SecurityExceptions.Conflict e) {
    return answer(HttpStatus.CONFLICT, new ApiError(e.getMessage(), e.field()));
  }

  @ExceptionHandler(RunLogController.RangeNotSatisfiable.class)
  ResponseEntity<ApiError> rangeNotSatisfiable(RunLogController.RangeNotSatisfiable e) {
    var headers = new HttpHeaders();
    headers.set(HttpHeaders.CONTENT_RANGE, "bytes */" + e.size());
    return answer(
        HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE, headers, new ApiError(e.getMessage()));
  }

  @ExceptionHandler(RunExceptions.Conflict.class)
  ResponseEntity<ApiError> conflict(RunExceptions.Conflict e) {
    return answer(HttpStatus.CONFLICT, new ApiError(e.getMessage()));
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ResponseEntity<ApiError> unreadable(HttpMessageNotReadableException e) {
    return answer(HttpStatus.BAD_REQUEST, new ApiError(whyUnreadable(e)));
  }

  /** Said apart, since "not valid JSON" misleads someone who sent valid JSON of another shape. */
  private static String whyUnreadable(HttpMessageNotReadableException e) {
    Throwable cause = e.getCause();
    if (cause instanceof MismatchedInputException) {
      return "The request body is JSON, but not an object of the fields this address takes.";
    }
    if (cause instanceof JacksonException) {
      return "The request body is not valid JSON.";
    }
    if (cause == null) { // Spring's word for a required body that is absent
      return "This request needs a JSON body.";
    }
    return "The request body could not be read.";
  }

  @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
  ResponseEntity<ApiError> mediaType(HttpMediaTypeNotSupportedException e) {
    return answer(
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        new ApiError("Send the request body as application/json."));
  }

  /**
   * The Accept header allows nothing this address can answer with: a GET of a JSON list asking for
   * HTML, or of the plain-text log asking for JSON.
   */
  @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
  ResponseEntity<ApiError> notAcceptable(HttpMediaTypeNotAcceptableException e) {
    // Named as people ask for them: no wildcards (application/*+json), no parameters.
    List<String> offered =
        e.getSupportedMediaTypes().stream()
            .filter(MediaType::isConcrete)
            .map(type -> type.getType() + "/" + type.getSubtype())
            .distinct()
            .toList();
    String message =
        offered.isEmpty()
            ? "This address has no answer of a type the Accept header allows."
            : "This address answers with "
                + String.join(", ", offered)
                + ", which the Accept header does not allow.";
    return answer(HttpStatus.NOT_ACCEPTABLE, new ApiError(message));
  }

  /** With the Allow header HTTP asks for, naming the methods the address does accept. */
  @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
  ResponseEntity<ApiError> method(HttpRequestMethodNotSupportedException e) {
    Set<HttpMethod> allowed =
        e.getSupportedHttpMethods() == null ? Set.of() : e.getSupportedHttpMethods();
    var headers = new HttpHeaders();
    if (!allowed.isEmpty()) {
      headers.setAllow(allowed);
    }
    String accepted =
        allowed.stream().map(HttpMethod::name).sorted().collect(Collectors.joining(", "));
    String message =
        "This address does not accept "
            + e.getMethod()
            + (allowed.isEmpty() ? "." : "; it accepts " + accepted + ".");
    return answer(HttpStatus.METHOD_NOT_ALLOWED, headers, new ApiError(message));
  }

  @ExceptionHandler(MissingServletRequestParameterException.class)
  ResponseEntity<ApiError> missingParameter(MissingServletRequestParameterException e) {
    String name = e.getParameterName();
    return answer(
        HttpStatus.BAD_REQUEST, new ApiError("'" + name + "' is required in the query.", name));
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ResponseEntity<ApiError> typeMismatch(MethodArgumentTypeMismatchException e) {
    String name = e.getName();
    return answer(
        HttpStatus.BAD_REQUEST,
        new ApiError("'" + name + "' has a value of the wrong kind.", name));
  }

  /**
   * A form body Tomcat cannot decode (a broken %-escape such as {@code %ZZ}, too many fields) or
   * will not read (too large); Tomcat says which status it is.
   */
  @ExceptionHandler(org.apache.tomcat.util.http.InvalidParameterException.class)
  ResponseEntity<ApiError> brokenForm(org.apache.tomcat.util.http.InvalidParameterException e) {
    return answer(formStatus(e), new ApiError(formProblem(e)));
  }

  private static HttpStatusCode formStatus(
      org.apache.tomcat.util.http.InvalidParameterException e) {
    int code = e.getErrorCode();
    return code >= 400 && code < 500 ? HttpStatusCode.valueOf(code) : HttpStatus.BAD_REQUEST;
  }

  private static String formProblem(org.apache.tomcat.util.http.InvalidParameterException e) {
    return formStatus(e).value() == HttpStatus.CONTENT_TOO_LARGE.value()
        ? "The form in the request body is too large."
        : "The form data in the request could not be decoded: a broken %-escape such as %ZZ,"
            + " or too many fields.";
  }

  @ExceptionHandler(MaxUploadSizeExceededException.class)
  ResponseEntity<ApiError> tooLarge(MaxUploadSizeExceededException e) {
    return answer(
        HttpStatus.CONTENT_TOO_LARGE, new ApiError("The multipart request body is too large."));
  }

  /**
   * Nothing here takes multipart bodies, but Spring parses one before any controller could say so:
   * one that breaks off mid-part is still the client's doing.
   */
  @ExceptionHandler(MultipartException.class)
  ResponseEntity<ApiError> brokenMultipart(MultipartException e) {
    return answer(
        HttpStatus.BAD_REQUEST, new ApiError("The multipart request body could not be read."));
  }

  /**
   * A bug, unless it is one of Spring's exceptions that knows it is the client's doing (a missing
   * header, say): those keep their 4xx and Spring's sentence for people.
   */
  @ExceptionHandler(Exception.class)
  ResponseEntity<ApiError> unexpected(Exception e) {
    Optional<String> fault = StorageFaults.describe(e);
    if (fault.isPresent()) {
      LOG.warn("answered 503: {} ({})", fault.get(), e.toString());
      var headers = new HttpHeaders();
      headers.set(HttpHeaders.RETRY_AFTER, StorageFaults.RETRY_AFTER_SECONDS);
      return answer(HttpStatus.SERVICE_UNAVAILABLE, headers, new ApiError(fault.get()));
    }
    if (e instanceof ErrorResponse known && known.getStatusCode().is4xxClientError()) {
      String detail = known.getBody().getDetail();
      return answer(
          known.getStatusCode(),
          known.getHeaders(),
          new ApiError(detail == null ? "This request cannot be answered as sent." : detail));
    }
    LOG.error("unexpected error answering a request", e);
    return answer(
        HttpStatus.INTERNAL_SERVER_ERROR,
        new ApiError("Something went wrong on the server; it has been logged."));
  }

  private static ResponseEntity<ApiError> answer(HttpStatusCode status, ApiError body) {
    return answer(status, HttpHeaders.EMPTY, body);
  }

  private static ResponseEntity<ApiError> answer(
      HttpStatusCode status, HttpHeaders headers, ApiError body) {
    return ResponseEntity.status(status)
        .headers(headers)
        .contentType(MediaType.APPLICATION_JSON)
        .body(body);
  }
}
