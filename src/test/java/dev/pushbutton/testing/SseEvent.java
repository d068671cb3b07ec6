package dev.pushbutton.testing;

import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** One event as a client received it off the wire. */
public record SseEvent(String id, String event, String data) {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @SuppressWarnings("unchecked")
  public Map<String, Object> json() {
    return JSON.readValue(data, Map.class);
  }

  public boolean isOutput() {
    return "output".equals(event);
  }

  public boolean isState() {
    return "state".equals(event);
  }

  public long seq() {
    return ((Number) json().get("seq")).longValue();
  }

  public String text() {
    return (String) json().get("text");
  }

  public String state() {
    return (String) json().get("state");
  }
}
