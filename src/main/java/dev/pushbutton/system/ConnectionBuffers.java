package dev.pushbutton.system;

import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Smaller per-connection read buffers. An idle live viewer holds its connection for as long as it
 * watches, and with thousands of viewers Tomcat's buffers are most of the memory they cost.
 * Requests here are small (a JSON body of parameters at most), so a 1 KB read buffer costs nothing
 * noticeable; writes keep their default buffer, which replay and crowd rounds go through.
 */
@Configuration(proxyBeanMethods = false)
class ConnectionBuffers {
  static final int READ_BUFFER_BYTES = 1024;

  @Bean
  TomcatConnectorCustomizer smallReadBuffers() {
    return connector ->
        connector.setProperty("socket.appReadBufSize", Integer.toString(READ_BUFFER_BYTES));
  }
}
