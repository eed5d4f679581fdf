-- When the owner last asked for the email again (POST /api/exports/{id}/resend), for its rate limit.
alter table export_job add column last_resend_at timestamptz;
