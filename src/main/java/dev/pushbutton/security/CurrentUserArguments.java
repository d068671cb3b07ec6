package dev.pushbutton.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Lets a controller take the caller as a {@link User} parameter (null on a page anyone may see,
 * when nobody is signed in), and a {@link CurrentUser} to ask again later.
 */
final class CurrentUserArguments implements HandlerMethodArgumentResolver {

  @Override
  public boolean supportsParameter(MethodParameter parameter) {
    Class<?> type = parameter.getParameterType();
    return type == User.class || type == CurrentUser.class;
  }

  @Override
  public Object resolveArgument(
      MethodParameter parameter,
      ModelAndViewContainer container,
      NativeWebRequest request,
      WebDataBinderFactory binders) {
    HttpServletRequest http = request.getNativeRequest(HttpServletRequest.class);
    if (http == null) {
      return null;
    }
    return http.getAttribute(
        parameter.getParameterType() == User.class
            ? CurrentUserFilter.USER
            : CurrentUserFilter.CURRENT);
  }
}
