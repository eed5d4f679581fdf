-- The watchdog's "an event of this job was sent since the re-drive cut-off" (JobWatchdog.CLAIM_DUE): one index probe
-- per candidate job. Without it PostgreSQL scanned every sent row it keeps (an hour's, exportflow.outbox.keep-sent)
-- once per candidate: 1,000 jobs no worker took behind 10,000 sent rows cost 1.3 s a sweep, 3,000 behind 30,000 28 s.
create index outbox_event_sent_by_job on outbox_event (aggregate_id, sent_at) where sent_at is not null;
