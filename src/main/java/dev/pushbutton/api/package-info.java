/**
 * The JSON API: the catalog, starting and killing runs, run history and raw logs, the caller, users
 * and API tokens, the audit trail (read and verified, never changed; as CSV too), and the one place
 * that turns refusals into HTTP statuses with a JSON body ({@code {"error": ..., "field": ...}}).
 * Every route acts as the signed-in caller and asks {@code security}'s JobAccess before it reads or
 * changes a job or run.
 */
package dev.pushbutton.api;
