-- A new job has no follower yet: its id reaches the caller with the 202, after the insert committed, and a stream
-- follows one job by its id. So only updates are announced; the insert's notification was one more entry in the
-- notification queue and one more wake-up of every listening api replica per POST, for no one.
drop trigger export_job_changed on export_job;

create trigger export_job_changed
    after update on export_job
    for each row execute function announce_export_job_change();
