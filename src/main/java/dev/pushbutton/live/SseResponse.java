package dev.pushbutton.live;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** What every event stream does alike: its headers. */
final class SseResponse {
  private SseResponse() {}

  /**
   * Starts an event stream: no caching, no buffering by proxies (nginx honours X-Accel-Buffering),
   * and a one-second reconnect delay for EventSource.
   */
  static OutputStream open(HttpServletResponse response) throws IOException {
    response.setStatus(HttpServletResponse.SC_OK);
    response.setContentType("text/event-stream");
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.setHeader("Cache-Control", "no-cache, no-transform");
    response.setHeader("X-Accel-Buffering", "no");
    OutputStream out = response.getOutputStream();
    out.write(SseFrames.RETRY);
    return out;
  }

  /**
   * Whether the request wants the stream's headers only: an answer to HEAD has no body, so a stream
   * held open for it would write to no one, and a client reusing the connection would wait for
   * ever.
   */
  static boolean headersOnly(HttpServletRequest request) {
    return "HEAD".equals(request.getMethod());
  }
}
