package dev.pushbutton.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 exchange over a socket of its own, for what {@link java.net.http.HttpClient} will
 * not do: send any method with any header and body, or read only the status line and headers of an
 * answer that would never end (an event stream) and hang up.
 */
public final class RawHttp {
  private RawHttp() {}

  /** What came back: the body is empty when it was not read (an event stream, or HEAD). */
  public record Answer(int status, Map<String, String> headers, String body) {
    /** A header by its name in any case; null when absent. */
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  /**
   * Sends one request with {@code Connection: close} and reads the answer: its whole body, unless
   * it is an event stream, which is left unread.
   *
   * @param body null for none; otherwise sent with its Content-Length
   */
  public static Answer exchange(
      int port,
      String method,
      String path,
      Map<String, String> headers,
      byte[] body,
      int timeoutMillis)
      throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(timeoutMillis);
      send(socket.getOutputStream(), port, method, path, headers, body);
      InputStream in = new BufferedInputStream(socket.getInputStream());
      int status = status(line(in));
      Map<String, String> answered = headers(in);
      String type = answered.getOrDefault("content-type", "");
      if (method.equals("HEAD") || type.startsWith("text/event-stream")) {
        return new Answer(status, answered, "");
      }
      byte[] rest = in.readAllBytes(); // the server closes once it has answered
      boolean chunked = "chunked".equalsIgnoreCase(answered.get("transfer-encoding"));
      return new Answer(status, answered, text(chunked ? dechunk(rest) : rest));
    }
  }

  private static void send(
      OutputStream out,
      int port,
      String method,
      String path,
      Map<String, String> headers,
      byte[] body)
      throws IOException {
    var head = new StringBuilder();
    head.append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
    head.append("Host: 127.0.0.1:").append(port).append("\r\n");
    head.append("Connection: close\r\n");
    headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
    if (body != null) {
      head.append("Content-Length: ").append(body.length).append("\r\n");
    }
    head.append("\r\n");
    out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    if (body != null) {
      out.write(body);
    }
    out.flush();
  }

  private static int status(String statusLine) throws IOException {
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
      throw new IOException("not an HTTP status line: " + statusLine);
    }
    return Integer.parseInt(parts[1]);
  }

  private static Map<String, String> headers(InputStream in) throws IOException {
    var headers = new LinkedHashMap<String, String>();
    for (String line = line(in); !line.isEmpty(); line = line(in)) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        headers.put(
            line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
            line.substring(colon + 1).trim());
      }
    }
    return headers;
  }

  /** One line of the head, without its CRLF. */
  private static String line(InputStream in) throws IOException {
    var line = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("the connection closed in the middle of the answer's head");
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.ISO_8859_1);
  }

  /** A chunked body's data, its chunk sizes and trailers dropped. */
  private static byte[] dechunk(byte[] chunked) {
    var data = new ByteArrayOutputStream();
    int at = 0;
    while (at < chunked.length) {
      int lineEnd = indexOfCrlf(chunked, at);
      if (lineEnd < 0) {
        break;
      }
      String sizeText = new String(chunked, at, lineEnd - at, StandardCharsets.ISO_8859_1);
      int size = Integer.parseInt(sizeText.split(";", 2)[0].trim(), 16);
      if (size == 0) {
        break;
      }
      int start = lineEnd + 2;
      data.write(chunked, start, Math.min(size, chunked.length - start));
      at = start + size + 2;
    }
    return data.toByteArray();
  }

  private static int indexOfCrlf(byte[] bytes, int from) {
    for (int i = from; i + 1 < bytes.length; i++) {
      if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
