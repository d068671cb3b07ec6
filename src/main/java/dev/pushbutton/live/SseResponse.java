package dev.pushbutton.live;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** What every event stream does alike: its headers, and waiting for news with a heartbeat. */
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

  /**
   * Waits until {@code changed} completes or {@code heartbeat} passes, when it writes a comment
   * line so idle connections stay open through proxies.
   */
  static void awaitOrHeartbeat(
      CompletableFuture<Void> changed, Duration heartbeat, OutputStream out) throws IOException {
    try {
      changed.get(heartbeat.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      out.write(SseFrames.HEARTBEAT);
      out.flush();
    } catch (ExecutionException e) {
      // never completed exceptionally; treat as a change
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for news", e);
    }
  }
}
