-- Runs and their outcome. Times are epoch milliseconds; ids are UUIDv7 text, which sorts by creation time.
create table runs (
    id           text    primary key,
    job_id       text    not null,
    state        text    not null,
    exit_code    integer,
    params       text    not null,
    created_at   integer not null,
    started_at   integer,
    finished_at  integer,
    error        text,
    pid          integer,
    stop_request text
);

create index runs_by_job on runs (job_id, id);
create index runs_by_state on runs (state, id);
