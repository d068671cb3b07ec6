package dev.pushbutton.security;

/**
 * An admin removed a user (their tokens went with them).
 *
 * @param actor the admin
 * @param user the user as they were
 */
public record UserDeleted(String actor, User user) {}
