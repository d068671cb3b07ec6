package dev.pushbutton.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushbutton.output.OutputChunk;
import dev.pushbutton.output.StdStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

class SseFramesTests {

  /** The fast path and the general one must say exactly the same thing. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "plain line\n",
        "with \"quotes\" and \\ backslash\n",
        "tab\there\n",
        "crlf\r\n",
        "unfinished",
        "ünïcödé €\n",
        "\u001b[31mred\u001b[0m\n",
        "\n",
        "",
        "progress 10%\rprogress 50%\n",
        // past the first eight bytes, where the check goes a word at a time
        "0123456789abcdef\"quoted\n",
        "0123456789abcdef\\backslash\n",
        "0123456789abcdef\u0001control\n",
        "0123456789abcdefé\n",
        "0123456789abcdef\u007fdelete and a long plain tail to be copied as it is\n"
      })
  void fastPathEncodesExactlyAsTheGeneralOne(String text) {
    byte[] raw = text.getBytes(StandardCharsets.UTF_8);
    boolean eol = text.endsWith("\n");
    var chunk =
        new OutputChunk(
            42, StdStream.STDERR, raw, eol, Instant.parse("2026-11-23T10:00:00.123456Z"));

    byte[] fast = new SseFrames.Encoder().encode(chunk);

    assertThat(new String(fast, StandardCharsets.UTF_8))
        .isEqualTo(new String(SseFrames.output(chunk), StandardCharsets.UTF_8));
  }

  private static final Instant T1 = Instant.parse("2026-11-23T10:00:00.000001Z");
  private static final Instant T2 = Instant.parse("2026-11-23T10:00:00.000002Z");
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void aBacklogGoesOutAsOneLinesEventPerStreamAndReadAndUnfinishedLine() {
    var chunks =
        List.of(
            chunk(1, StdStream.STDOUT, "a\n", true, T1),
            chunk(2, StdStream.STDOUT, "b \"quoted\" ü\n", true, T1),
            chunk(3, StdStream.STDOUT, "prompt> ", false, T1), // ends its event: an unfinished line
            chunk(4, StdStream.STDOUT, "yes\n", true, T1),
            chunk(5, StdStream.STDOUT, "c\n", true, T1),
            chunk(6, StdStream.STDERR, "err\n", true, T1), // another stream
            chunk(7, StdStream.STDERR, "later\n", true, T2)); // another read

    List<Map<String, Object>> events = events(chunks);

    assertThat(events)
        .extracting(e -> e.get("event") + " " + e.get("id"))
        .containsExactly("lines 3", "lines 5", "output 6", "output 7");
    Map<String, Object> first = events.getFirst();
    assertThat(first)
        .containsEntry("seq", 1)
        .containsEntry("stream", "stdout")
        .containsEntry("eol", false)
        .containsEntry("ts", "2026-11-23T10:00:00.000001Z")
        .containsEntry("texts", List.of("a", "b \"quoted\" ü", "prompt> "));
    assertThat(events.get(1)).containsEntry("seq", 4).containsEntry("eol", true);
    assertThat(events.get(1)).containsEntry("texts", List.of("yes", "c"));
    assertThat(events.get(2)).containsEntry("text", "err").containsEntry("stream", "stderr");
  }

  @Test
  void aLinesEventHoldsAtMostItsShareOfBytes() {
    String line = "x".repeat(999) + "\n";
    var chunks = new ArrayList<OutputChunk>();
    for (int seq = 1; seq <= 200; seq++) {
      chunks.add(chunk(seq, StdStream.STDOUT, line, true, T1));
    }

    List<Map<String, Object>> events = events(chunks);

    int perEvent = SseFrames.Encoder.MAX_LINES_BYTES / line.length();
    assertThat(events).hasSize((200 + perEvent - 1) / perEvent);
    assertThat(events.getFirst()).containsEntry("id", String.valueOf(perEvent));
    assertThat(events.getLast()).containsEntry("id", "200");
  }

  private static OutputChunk chunk(
      long seq, StdStream stream, String text, boolean eol, Instant readAt) {
    return new OutputChunk(seq, stream, text.getBytes(StandardCharsets.UTF_8), eol, readAt);
  }

  /** Each event's data as JSON, with its {@code event} and {@code id} fields added. */
  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> events(List<OutputChunk> chunks) {
    var out = new FrameBuffer(16);
    new SseFrames.Encoder().encodeAll(chunks, out);
    var events = new ArrayList<Map<String, Object>>();
    for (String frame : out.toString().split("\n\n")) {
      var event = new LinkedHashMap<String, Object>();
      for (String field : frame.split("\n")) {
        String value = field.substring(field.indexOf(": ") + 2);
        if (field.startsWith("data: ")) {
          event.putAll(JSON.readValue(value, Map.class));
        } else {
          event.put(field.substring(0, field.indexOf(':')), value);
        }
      }
      events.add(event);
    }
    return events;
  }
}
