package dev.pushbutton.security;

import java.util.Optional;

/**
 * Who a request's caller is now: asked again, later, by what outlives the request (an event
 * stream), so that a revoked token, a deleted user or a user moved out of a group loses access.
 * Empty once the caller may no longer act at all.
 */
@FunctionalInterface
public interface CurrentUser {
  Optional<User> now();
}
