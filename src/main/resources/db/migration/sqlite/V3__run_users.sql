-- Who started a run, and who killed it (user names; null for runs recorded before sign-in existed).
alter table runs add column started_by text;
alter table runs add column killed_by text;

create index runs_by_starter on runs (started_by, id);
