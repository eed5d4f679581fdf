-- Reliability (issues #11, #12): the job watchdog and the outbox quarantine.

-- When a worker first acknowledged the request of the current generation (ExportQueued); null: not yet.
alter table export_job add column queued_at timestamptz;
-- How often the watchdog wrote the job's request (or cancel request) again, and when it last did.
alter table export_job add column redrives integer not null default 0;
alter table export_job add column redriven_at timestamptz;
-- The watchdog's look for cancellations no worker confirmed: a few rows, not the whole history.
create index export_job_cancelling on export_job (cancel_requested_at) where status = 'CANCELLING';

-- A row Kafka refused for good (too large, invalid) is never sent again; the reason stays for the operator.
alter table outbox_event add column quarantined_at timestamptz;
alter table outbox_event add column quarantine_reason text;
create index outbox_event_quarantined on outbox_event (quarantined_at) where quarantined_at is not null;

-- What the relay waits to send: neither sent nor quarantined.
drop index outbox_event_pending;
drop index outbox_event_pending_by_job;
create index outbox_event_pending on outbox_event (seq) where sent_at is null and quarantined_at is null;
create index outbox_event_pending_by_job on outbox_event (aggregate_id, seq) where sent_at is null and quarantined_at is null;
