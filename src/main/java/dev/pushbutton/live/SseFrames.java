package dev.pushbutton.live;

import dev.pushbutton.output.OutputChunk;
import java.nio.charset.StandardCharsets;

/**
 * The bytes of each kind of event on a run's stream. Output events are encoded by hand: they are
 * the hot path.
 */
final class SseFrames {
  static final byte[] HEARTBEAT = ": keepalive\n\n".getBytes(StandardCharsets.UTF_8);

  /** Tells EventSource to reconnect after one second instead of its default three. */
  static final byte[] RETRY = "retry: 1000\n\n".getBytes(StandardCharsets.UTF_8);

  private SseFrames() {}

  static byte[] output(OutputChunk chunk) {
    String text = chunk.text();
    var frame = new StringBuilder(text.length() + 160);
    frame
        .append("id: ")
        .append(chunk.seq())
        .append("\nevent: output\ndata: {\"seq\":")
        .append(chunk.seq());
    frame.append(",\"stream\":\"").append(chunk.stream().fileName()).append("\",\"text\":");
    Json.string(frame, text);
    frame
        .append(",\"eol\":")
        .append(chunk.eol())
        .append(",\"ts\":\"")
        .append(chunk.readAt())
        .append("\"}\n\n");
    return frame.toString().getBytes(StandardCharsets.UTF_8);
  }

  static byte[] state(String runJson) {
    return ("event: state\ndata: " + runJson + "\n\n").getBytes(StandardCharsets.UTF_8);
  }
}
