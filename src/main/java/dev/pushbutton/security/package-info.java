/**
 * Who is signed in, and what they may do: users, roles and groups, personal API tokens, signing in
 * (a password form, HTTP Basic, OpenID Connect), failed sign-ins, and the one policy every edge
 * asks ({@link dev.pushbutton.security.JobAccess}).
 *
 * <p>Invariants: nothing is served to anyone not signed in but the sign-in page, its assets and
 * health; someone who may not see a job gets exactly the answer an unknown id gets, wherever they
 * look; passwords are kept only as bcrypt hashes and tokens only as SHA-256, and neither is ever
 * logged or shown; the user a request acts as is read as stored at that moment, so a change of role
 * or groups counts at once. The core never sees this module: a run records only the names of who
 * started and killed it.
 */
package dev.pushbutton.security;
