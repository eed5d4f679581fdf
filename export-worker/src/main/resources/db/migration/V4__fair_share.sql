-- Fair share: the next free slot goes to the tenant with the fewest running exports, and within it to the user with
-- the fewest, so the claim names who asked (copied from the request when it is admitted).
alter table export_claim add column tenant text not null default '';
alter table export_claim add column user_id text not null default '';

-- Only queued and running claims take part in the choice; finished ones keep the defaults.
update export_claim
set tenant = coalesce(request::jsonb -> 'requester' ->> 'tenant', ''),
    user_id = coalesce(request::jsonb -> 'requester' ->> 'userId', '')
where state in ('PENDING', 'RUNNING') and request is not null;

-- The queue by tenant and by user (they replace the queue in arrival order): the tenants that wait are found by a skip
-- scan (one probe per tenant, not a read of every queued job), each one's oldest job by one more probe; the same for
-- the users of the chosen tenant, whose oldest job is then taken.
create index export_claim_queue_by_tenant on export_claim (tenant, created_at)
    where state = 'PENDING' and request is not null and not cancel_requested;
create index export_claim_queue_by_user on export_claim (tenant, user_id, created_at)
    where state = 'PENDING' and request is not null and not cancel_requested;
drop index export_claim_queue;

-- Running exports by tenant and user (few rows: the slots of all replicas).
create index export_claim_running_by_requester on export_claim (tenant, user_id) where state = 'RUNNING';
