package dev.pushbutton.security;

import dev.pushbutton.health.StorageFaultFilter;
import dev.pushbutton.health.StorageFaults;
import org.aopalliance.intercept.MethodInterceptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;

/**
 * Lets pages be read while the database cannot be written (a full disk, a lock held elsewhere).
 * Spring Session stores each signed-in session's last-access time at the end of every request; when
 * that fails for a request that only reads (or is refused anyway), the page is still served and
 * only that time is lost. A request that changes something (signing in or out) still fails with a
 * 503: it must not seem to have worked.
 *
 * <p>A subclass proxy of the repository, so everything that takes the repository by its class
 * (Spring Session's own cleanup) still gets it.
 */
final class LenientSessionSaves implements BeanPostProcessor {
  private static final Logger LOG = LoggerFactory.getLogger(LenientSessionSaves.class);

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (!(bean instanceof JdbcIndexedSessionRepository)) {
      return bean;
    }
    var proxy = new ProxyFactory(bean);
    proxy.setProxyTargetClass(true);
    proxy.addAdvice(
        (MethodInterceptor)
            invocation -> {
              try {
                return invocation.proceed();
              } catch (RuntimeException e) {
                if (!invocation.getMethod().getName().equals("save")
                    || !StorageFaultFilter.changesNothing()
                    || StorageFaults.describe(e).isEmpty()) {
                  throw e;
                }
                LOG.debug("a session's last access was not stored: {}", e.toString());
                return null;
              }
            });
    return proxy.getProxy(bean.getClass().getClassLoader());
  }
}
