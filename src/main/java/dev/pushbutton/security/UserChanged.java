package dev.pushbutton.security;

/**
 * A user's name, role or groups changed, or their password was set: by an admin, by themselves (a
 * password), or by the server ({@link User#SERVER}) when an OpenID provider said so at sign-in.
 *
 * @param actor who changed it
 * @param before the user as they were ({@link User} never holds a password or hash)
 * @param after the user as they are now
 * @param passwordSet whether the password was set (its value is never carried)
 */
public record UserChanged(String actor, User before, User after, boolean passwordSet) {}
