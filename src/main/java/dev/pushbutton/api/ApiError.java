package dev.pushbutton.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * The body of every error the API answers: a sentence for people, the field at fault when there is
 * one, and for refused parameters every field at fault with its own sentence.
 *
 * @param field the first field at fault
 * @param fields every field at fault and why, in the order found (the first is {@code field}); null
 *     unless the refusal is of parameter values
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(String error, String field, Map<String, String> fields) {
  public ApiError(String error) {
    this(error, null, null);
  }

  public ApiError(String error, String field) {
    this(error, field, null);
  }
}
