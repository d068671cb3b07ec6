package dev.pushbutton.security;

/**
 * Someone made a personal API token ({@link ApiToken} never holds its text).
 *
 * @param actor who made it, its owner
 */
public record TokenCreated(String actor, ApiToken token) {}
