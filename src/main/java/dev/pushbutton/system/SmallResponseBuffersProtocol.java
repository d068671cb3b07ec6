package dev.pushbutton.system;

import org.apache.coyote.http11.Http11NioProtocol;

/**
 * Tomcat's NIO connector with smaller per-connection response buffers. Each connection holds a
 * response buffer of bytes and one of characters for as long as its request lasts, 8 K of each by
 * default (24 KB), which with thousands of viewers idling on an event stream is a quarter of what
 * they cost. Our writes are either small (a line or two of an event stream, a JSON answer) or large
 * (a backlog, written past the buffer anyway), so a small buffer costs nothing measurable: pages
 * bigger than it simply go out chunked.
 *
 * <p>Tomcat sizes these buffers from {@link #getDesiredBufferSize()} and offers no setting for it.
 */
public class SmallResponseBuffersProtocol extends Http11NioProtocol {
  static final int RESPONSE_BUFFER_BYTES = 2048;

  @Override
  public int getDesiredBufferSize() {
    return RESPONSE_BUFFER_BYTES;
  }
}
