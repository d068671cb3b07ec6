-- What a job reports about itself through directive lines: headline status, percent done, flagged notes (JSON).
alter table runs add column status text;
alter table runs add column progress double precision;
alter table runs add column notes text;
