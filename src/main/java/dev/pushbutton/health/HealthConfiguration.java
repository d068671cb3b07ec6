package dev.pushbutton.health;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import tools.jackson.databind.json.JsonMapper;

/**
 * Puts {@link StorageFaultFilter} outside every other filter, Spring Session's included, so it sees
 * the faults of saving a session at the end of a request.
 */
@Configuration(proxyBeanMethods = false)
class HealthConfiguration {

  @Bean
  FilterRegistrationBean<StorageFaultFilter> storageFaultFilter(JsonMapper json) {
    var registration = new FilterRegistrationBean<>(new StorageFaultFilter(json));
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
    return registration;
  }
}
