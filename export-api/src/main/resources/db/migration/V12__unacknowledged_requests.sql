-- The watchdog's "a request no worker acknowledged, due to be sent again" (JobWatchdog.CLAIM_DUE), in the order it is
-- due: entries only for QUEUED jobs no worker acknowledged yet, a handful when the workers keep up. Without it the
-- sweep read every job to find none due (73 ms behind 40,000 queued jobs, every 30 s on each replica).
-- A plain build, in the migration's transaction, as V11: roll it out when the load is low.
create index export_job_unacknowledged on export_job ((coalesce(redriven_at, requested_at, created_at)))
    where status = 'QUEUED' and queued_at is null;
