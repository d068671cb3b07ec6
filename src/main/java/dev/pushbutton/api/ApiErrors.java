package dev.pushbutton.api;

import dev.pushbutton.catalog.InvalidParameterException;
import dev.pushbutton.run.RunExceptions;
import dev.pushbutton.security.SecurityExceptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/** Every refusal as JSON with a sentence for people; never a stack trace. */
@RestControllerAdvice
class ApiErrors {
  private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);

  @ExceptionHandler(InvalidParameterException.class)
  ResponseEntity<ApiError> invalidParameter(InvalidParameterException e) {
    return answer(HttpStatus.BAD_REQUEST, new ApiError(e.getMessage(), e.field()));
  }

  @ExceptionHandler({RunExceptions.JobNotFound.class, RunExceptions.RunNotFound.class})
  ResponseEntity<ApiError> notFound(RuntimeException e) {
    return answer(HttpStatus.NOT_FOUND, new ApiError(e.getMessage()));
  }

  @ExceptionHandler(NoResourceFoundException.class)
  ResponseEntity<ApiError> noSuchPath(NoResourceFoundException e) {
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

  @ExceptionHandler(SecurityExceptions.Conflict.class)
  ResponseEntity<ApiError> userConflict(SecurityExceptions.Conflict e) {
    return answer(HttpStatus.CONFLICT, new ApiError(e.getMessage(), e.field()));
  }

  @ExceptionHandler(RunExceptions.Conflict.class)
  ResponseEntity<ApiError> conflict(RunExceptions.Conflict e) {
    return answer(HttpStatus.CONFLICT, new ApiError(e.getMessage()));
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ResponseEntity<ApiError> unreadable(HttpMessageNotReadableException e) {
    return answer(HttpStatus.BAD_REQUEST, new ApiError("The request body is not valid JSON."));
  }

  @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
  ResponseEntity<ApiError> mediaType(HttpMediaTypeNotSupportedException e) {
    return answer(
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        new ApiError("Send the request body as application/json."));
  }

  @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
  ResponseEntity<ApiError> method(HttpRequestMethodNotSupportedException e) {
    return answer(
        HttpStatus.METHOD_NOT_ALLOWED,
        new ApiError("This address does not accept " + e.getMethod() + "."));
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<ApiError> unexpected(Exception e) {
    LOG.error("unexpected error answering a request", e);
    return answer(
        HttpStatus.INTERNAL_SERVER_ERROR,
        new ApiError("Something went wrong on the server; it has been logged."));
  }

  private static ResponseEntity<ApiError> answer(HttpStatus status, ApiError body) {
    return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body);
  }
}
