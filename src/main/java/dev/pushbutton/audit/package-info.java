/**
 * The audit trail: who did what, when and from where. Sign-ins, refusals and sign-outs (from Spring
 * Security's application events), changes to users and API tokens (from the events {@code security}
 * publishes), the catalog the server loaded, and, later, what happens to runs. Entries are records
 * with an id that grows by one, chained by SHA-256 so that an entry changed, removed or put out of
 * order afterwards shows ({@link dev.pushbutton.audit.AuditTrail#verify}).
 *
 * <p>Invariants: entries are only ever added, and only through {@link
 * dev.pushbutton.audit.AuditTrail#record}, which listeners call once something has happened; the
 * module writes nothing but its own table ({@code audit_entries}, which the database refuses to
 * change or shrink); no entry holds a secret (a password, a hash, a token, a secret parameter's
 * value); appends from several nodes to one database stay one chain with no gap. Other modules do
 * not call into it to be audited: it listens, as the live feed does.
 */
package dev.pushbutton.audit;
