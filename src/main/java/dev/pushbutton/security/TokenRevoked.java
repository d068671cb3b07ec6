package dev.pushbutton.security;

/**
 * Someone revoked a personal API token.
 *
 * @param actor who revoked it
 * @param tokenId its id
 * @param owner whose it was
 */
public record TokenRevoked(String actor, String tokenId, String owner) {}
