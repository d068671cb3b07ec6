package dev.pushbutton.system;

import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Smaller per-connection buffers. An idle live viewer holds its connection for as long as it
 * watches, and with thousands of viewers Tomcat's buffers are most of the memory they cost.
 * Requests here are small (a JSON body of parameters at most), so a 1 KB read buffer costs nothing
 * noticeable. The socket's write buffer keeps its default: Tomcat writes a large backlog in pieces
 * of that size. (The response header buffer is cut in application.yml, where Spring Boot sets it.)
 * Closed connections are not cached for reuse, since a cached one keeps its last request's buffers.
 */
@Configuration(proxyBeanMethods = false)
class ConnectionBuffers {
  static final int READ_BUFFER_BYTES = 1024;
  // Tomcat keeps a buffer this size per connection for the trailer headers of a chunked request
  // body (8 KB by default). Nothing sends us trailers; Tomcat refuses a request whose trailers
  // exceed it.
  static final int REQUEST_TRAILER_BYTES = 256;
  // Tomcat keeps closed connections' channels for reuse, up to a 32nd of the heap's worth, and a
  // kept channel still points at the request state of the last processor that served it (some
  // 60 KB with its buffers). After ten thousand viewers left, that held half a gigabyte no
  // collection could free. A new channel costs two small buffers, once per connection, not per
  // request.
  static final int CACHED_CHANNELS = 0;

  @Bean
  TomcatConnectorCustomizer smallRequestBuffers() {
    return connector -> {
      connector.setProperty("socket.appReadBufSize", Integer.toString(READ_BUFFER_BYTES));
      connector.setProperty("maxTrailerSize", Integer.toString(REQUEST_TRAILER_BYTES));
    };
  }

  @Bean
  TomcatConnectorCustomizer noCachedChannels() {
    return connector ->
        connector.setProperty("socket.bufferPool", Integer.toString(CACHED_CHANNELS));
  }

  @Bean
  WebServerFactoryCustomizer<TomcatServletWebServerFactory> smallResponseBuffers() {
    return factory -> factory.setProtocol(SmallResponseBuffersProtocol.class.getName());
  }
}
