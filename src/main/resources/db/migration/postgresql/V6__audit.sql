-- The audit trail: who did what, when and from where. Each entry is chained to the one before by a
-- SHA-256 (docs/decisions/0005-audit-hash-chain.md). Times are epoch milliseconds.
create table audit_entries (
    id        bigint  primary key,  -- 1, 2, 3...: the chain's order; a gap is an entry removed
    at        bigint  not null,
    actor     text    not null,     -- a user name, the name tried, or 'pushbutton' for the server
    action    text    not null,     -- a dotted word: sign-in, user.changed, catalog.loaded...
    target    text,                 -- what it was done to: a run id, a user name, a token id, a file
    details   text    not null,     -- a small JSON object, hashed as it is stored here
    address   text,                 -- the client's IP address; null for the server's own actions
    prev_hash text    not null,     -- the hash of entry id - 1 (64 zeros for the first)
    hash      text    not null      -- SHA-256 of this entry's content and prev_hash, in hex
);

create index audit_entries_by_actor on audit_entries (actor, id);
create index audit_entries_by_action on audit_entries (action, id);
create index audit_entries_by_at on audit_entries (at);

-- Append-only: nothing Pushbutton does changes or removes an entry, and the database refuses it to
-- anyone else who has not first dropped these triggers (which the hash chain then still shows).
create function audit_entries_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'the audit trail is append-only: % refused', tg_op;
end
$$;

create trigger audit_entries_no_change before update or delete on audit_entries
    for each row execute function audit_entries_append_only();

create trigger audit_entries_no_truncate before truncate on audit_entries
    for each statement execute function audit_entries_append_only();
