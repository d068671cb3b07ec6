-- Why the user asked for a run, in their words (null when they gave none).
alter table runs add column reason text;
