-- The operator console (issue #16): retries of failed jobs, the audit of every operator action, global listings.

-- When the job's current generation was requested: its creation for generation 1, the retry for later ones. The
-- watchdog measures a QUEUED job's wait from it, and it is the requestedAt of the generation's ExportRequested.
alter table export_job add column requested_at timestamptz;
update export_job set requested_at = created_at;

-- Every tenant's jobs, newest first (the owner's history has its own index): keyset paging and time windows.
create index export_job_history on export_job (created_at desc, id desc);

-- One row per operator action, written in the transaction of the action itself.
create table admin_audit (
    id          bigint generated always as identity primary key,
    at          timestamptz not null,
    operator    text        not null,
    action      text        not null check (action in ('RETRY', 'CANCEL', 'RESEND')),
    job_id      uuid        not null,
    generation  integer     not null,
    detail      text
);
create index admin_audit_job on admin_audit (job_id);
