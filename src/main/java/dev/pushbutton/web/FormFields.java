package dev.pushbutton.web;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.util.MultiValueMap;

/** A submitted form's fields as the services read a JSON body: only the ones the form has. */
final class FormFields {
  private FormFields() {}

  /** The named fields the form sent (an empty one as empty text), in the order named. */
  static Map<String, Object> of(MultiValueMap<String, String> form, String... names) {
    var fields = new LinkedHashMap<String, Object>();
    for (String name : names) {
      if (form.containsKey(name)) {
        fields.put(name, form.getFirst(name));
      }
    }
    return fields;
  }

  /** The values to show again in the form: never a password. */
  static Map<String, String> shown(Map<String, Object> fields) {
    var shown = new LinkedHashMap<String, String>();
    fields.forEach((name, value) -> {
      if (!name.toLowerCase(java.util.Locale.ROOT).contains("password") && value != null) {
        shown.put(name, value.toString());
      }
    });
    return shown;
  }
}
