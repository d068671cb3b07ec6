package dev.pushbutton.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The body of every error the API answers: a sentence for people, and the field at fault when there
 * is one.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(String error, String field) {
  public ApiError(String error) {
    this(error, null);
  }
}
