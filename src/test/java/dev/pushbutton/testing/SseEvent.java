package dev.pushbutton.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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

  public boolean isLines() {
    return "lines".equals(event);
  }

  /**
   * The {@code output} events a {@code lines} event stands for: its texts in order, numbered from
   * its {@code seq}, each ending its line but maybe the last.
   */
  @SuppressWarnings("unchecked")
  public List<SseEvent> unfold() {
    Map<String, Object> batch = json();
    List<String> texts = (List<String>) batch.get("texts");
    long first = ((Number) batch.get("seq")).longValue();
    var events = new ArrayList<SseEvent>();
    for (int i = 0; i < texts.size(); i++) {
      var output = new LinkedHashMap<String, Object>();
      output.put("seq", first + i);
      output.put("stream", batch.get("stream"));
      output.put("text", texts.get(i));
      output.put("eol", i < texts.size() - 1 || (Boolean) batch.get("eol"));
      output.put("ts", batch.get("ts"));
      events.add(
          new SseEvent(String.valueOf(first + i), "output", JSON.writeValueAsString(output)));
    }
    return events;
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
