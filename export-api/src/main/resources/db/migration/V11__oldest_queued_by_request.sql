-- The oldest QUEUED job (JobMetrics' gauge, every 15 s on each replica; GET /api/admin/stats) is the one whose current
-- generation was requested first: min(coalesce(requested_at, created_at)). export_job_queued orders by created_at,
-- which that minimum cannot use, so it read every queued row (122 ms at 45,000 queued jobs, beside the requests); an
-- index on the expression answers it with one probe. The same entries as before: one per QUEUED job.
-- A plain build, in the migration's transaction: it holds off writes to export_job while it reads the table (Flyway
-- waits forever on a concurrent build: its own lock's transaction is one the build waits for).
create index export_job_queued_since on export_job ((coalesce(requested_at, created_at))) where status = 'QUEUED';
drop index export_job_queued;
