package dev.pushbutton.audit;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The audit trail, its store, and the listeners that fill it. */
@Configuration(proxyBeanMethods = false)
class AuditConfiguration {

  @Bean
  AuditStore auditStore(JdbcClient jdbc) {
    return new JdbcAuditStore(jdbc);
  }

  @Bean
  AuditTrail auditTrail(AuditStore store, Clock clock) {
    return new AuditTrail(store, clock);
  }

  @Bean
  SignInAudit signInAudit(AuditTrail trail) {
    return new SignInAudit(trail);
  }

  @Bean
  AccountAudit accountAudit(AuditTrail trail) {
    return new AccountAudit(trail);
  }

  @Bean
  RunAudit runAudit(AuditTrail trail) {
    return new RunAudit(trail);
  }
}
