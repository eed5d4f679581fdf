-- A delivery that failed because its attempts ran out (not because the server refused it) is also
-- published to export-notify.dlq, together with its ExportNotified.
alter table delivery add column given_up boolean not null default false;
