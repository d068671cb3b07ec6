package dev.pushbutton.system;

import org.apache.coyote.http11.Http11NioProtocol;

/**
 * Tomcat's NIO connector with smaller per-connection response buffers. Each connection holds a
 * response buffer of bytes and one of characters for as long as its request lasts, 8 K of each by
 * default (24 KB), which with thousands of viewers idling on an event stream is a fifth of what
 * they cost. Half that size costs nothing measurable. Smaller costs: Tomcat passes a large write (a
 * backlog) on in pieces the size of this buffer, and with 2 K pieces a replay ran a third slower.
 *
 * <p>Tomcat sizes these buffers from {@link #getDesiredBufferSize()} and offers no setting for it.
 */
public class SmallResponseBuffersProtocol extends Http11NioProtocol {
  static final int RESPONSE_BUFFER_BYTES = 4096;

  @Override
  public int getDesiredBufferSize() {
    return RESPONSE_BUFFER_BYTES;
  }
}
