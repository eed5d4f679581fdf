-- Run fencing: each run of a claim gets a token when it takes the claim; every write of the run names it, so a run
-- whose lease passed to another run (of another replica or of the same one) can no longer write anything.
alter table export_claim add column run_token uuid;

-- The claim row is the outbox of its outcome: an ending is committed with outcome_published_at null (owed), the
-- run publishes the outcome right after the commit and marks it published; a sweep publishes what a crash left owed.
alter table export_claim add column outcome_published_at timestamptz;

-- Outcomes of claims that ended before this migration were published before their ending was written.
update export_claim set outcome_published_at = coalesce(finished_at, updated_at)
where state in ('SUCCEEDED', 'FAILED', 'CANCELLED');

create index export_claim_runs on export_claim (run_token) where state = 'RUNNING';
create index export_claim_owed on export_claim (updated_at)
    where outcome_published_at is null and state in ('SUCCEEDED', 'FAILED', 'CANCELLED');
-- Pruning finished claims, oldest first.
create index export_claim_finished on export_claim (finished_at) where state in ('SUCCEEDED', 'FAILED', 'CANCELLED');
-- The reaper confirms cancel requests of claims that went back to the queue (a retry, a hand-back, a re-queue).
create index export_claim_cancel_marked on export_claim (created_at) where state = 'PENDING' and cancel_requested;
