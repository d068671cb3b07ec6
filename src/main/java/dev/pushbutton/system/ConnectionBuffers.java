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
 * noticeable, and our response headers are a few hundred bytes, so 4 KB leaves room to spare. The
 * socket's write buffer keeps its default: Tomcat writes a large backlog in pieces of that size.
 */
@Configuration(proxyBeanMethods = false)
class ConnectionBuffers {
  static final int READ_BUFFER_BYTES = 1024;
  static final int RESPONSE_HEADER_BYTES = 4096;

  @Bean
  TomcatConnectorCustomizer smallReadBuffers() {
    return connector -> {
      connector.setProperty("socket.appReadBufSize", Integer.toString(READ_BUFFER_BYTES));
      connector.setProperty("maxHttpResponseHeaderSize", Integer.toString(RESPONSE_HEADER_BYTES));
    };
  }

  @Bean
  WebServerFactoryCustomizer<TomcatServletWebServerFactory> smallResponseBuffers() {
    return factory -> factory.setProtocol(SmallResponseBuffersProtocol.class.getName());
  }
}
