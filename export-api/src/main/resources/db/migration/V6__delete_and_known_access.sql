-- DELETE /api/exports/{id}: the owner deleted an ended export; its file and links are gone.
alter table export_job add column deleted_at timestamptz;
alter table export_job drop constraint export_job_status_known;
alter table export_job add constraint export_job_status_known
    check (status in ('QUEUED', 'RUNNING', 'CANCELLING', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'EXPIRED', 'DELETED'));

-- Each user's tenant and roles as their latest call to the api showed them. An emailed link has no caller: it is
-- re-checked against these (docs/security.md). Written only when they change.
create table known_access (
    user_id     text primary key,
    tenant      text        not null,
    roles       jsonb       not null,
    recorded_at timestamptz not null
);
