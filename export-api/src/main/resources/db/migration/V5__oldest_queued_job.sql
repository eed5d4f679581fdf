-- For the gauge of the oldest job no worker has started yet (JobMetrics): a few rows, not the whole history.
create index export_job_queued on export_job (created_at) where status = 'QUEUED';
