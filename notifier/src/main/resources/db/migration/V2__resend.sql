-- POST /api/exports/{id}/resend: the "ready" email again, once per resend request (ExportResendRequested).
alter table delivery rename column about to kind;
alter table delivery add column request_id uuid;

alter table delivery drop constraint delivery_about;
alter table delivery add constraint delivery_kind check (kind in ('COMPLETED', 'FAILED', 'RESEND'));
alter table delivery add constraint delivery_resend_has_request check ((kind = 'RESEND') = (request_id is not null));

-- One completed and one failed email per job generation; one resend email per request.
alter table delivery drop constraint delivery_once;
create unique index delivery_once on delivery (job_id, generation, kind) where request_id is null;
create unique index delivery_resend_once on delivery (request_id) where request_id is not null;
