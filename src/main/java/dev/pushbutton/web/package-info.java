/**
 * The pages people use: the catalog, a job's run form, a run's live page, the run history, the
 * Approvals page (runs awaiting the reader's decision), the Users and Audit pages for admins and
 * each user's API tokens and password, rendered with Thymeleaf and enhanced with htmx and a little
 * JavaScript of our own. Every asset is served by Pushbutton itself, under a strict
 * Content-Security-Policy with no inline script or style.
 *
 * <p>Forms work without JavaScript; the server's validation is the one that counts, and each of its
 * messages is shown beside the field it names. The run form's script checks first with the server's
 * own sentences and, for a pattern, only with one the server spelled for the browser
 * (BrowserPattern): it may leave a field to the server, but never judges a value differently. What
 * a page shows, and which buttons, is what {@code security}'s JobAccess allows the signed-in user;
 * every form carries the session's CSRF token.
 */
package dev.pushbutton.web;
