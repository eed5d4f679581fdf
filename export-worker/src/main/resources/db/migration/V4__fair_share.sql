-- Fair share: the next free slot goes to the tenant with the fewest running exports, and within it to the user with
-- the fewest, so the claim names who asked (copied from the request when it is admitted).
alter table export_claim add column tenant text not null default '';
alter table export_claim add column user_id text not null default '';

-- Only queued and running claims take part in the choice; finished ones keep the defaults.
update export_claim
set tenant = coalesce(request::jsonb -> 'requester' ->> 'tenant', ''),
    user_id = coalesce(request::jsonb -> 'requester' ->> 'userId', '')
where state in ('PENDING', 'RUNNING') and request is not null;

-- The queue by requester: finds the requesters who wait (a skip scan over (tenant, user_id)), the oldest job of each,
-- and takes it. It replaces the queue in arrival order.
create index export_claim_fair_queue on export_claim (tenant, user_id, created_at)
    where state = 'PENDING' and request is not null and not cancel_requested;
drop index export_claim_queue;

-- Running exports by tenant and user (few rows: the slots of all replicas).
create index export_claim_running_by_requester on export_claim (tenant, user_id) where state = 'RUNNING';
