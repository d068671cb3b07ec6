/**
 * The pages people use: the catalog, a job's run form, a run's live page, the run history, the
 * Users pages for admins and each user's API tokens and password, rendered with Thymeleaf and
 * enhanced with htmx and a little JavaScript of our own. Every asset is served by Pushbutton
 * itself, under a strict Content-Security-Policy with no inline script or style.
 *
 * <p>Forms work without JavaScript; the server's validation is the one that counts, and its message
 * is shown beside the field it names. What a page shows, and which buttons, is what {@code
 * security}'s JobAccess allows the signed-in user; every form carries the session's CSRF token.
 */
package dev.pushbutton.web;
