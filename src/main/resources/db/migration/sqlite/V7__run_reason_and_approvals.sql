-- Why the user asked for a run, in their words (null when they gave none).
alter table runs add column reason text;

-- Four eyes: each person's decision on a run that awaits approval, one per person per run (the key
-- keeps that true across nodes). decided_at is epoch milliseconds.
create table run_approvals (
    run_id     text    not null references runs (id),
    username   text    not null,
    decision   text    not null,  -- approved or rejected
    comment    text,
    decided_at integer not null,
    primary key (run_id, username)
);
