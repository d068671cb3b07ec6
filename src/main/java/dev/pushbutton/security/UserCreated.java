package dev.pushbutton.security;

/**
 * A user was added: by an admin, or by the server ({@link User#SERVER}) for the first admin and for
 * someone who signed in through an OpenID provider for the first time.
 *
 * @param actor who added them
 */
public record UserCreated(String actor, User user) {}
