-- One row per job generation the worker has heard of: the durable queue, the lease of the replica
-- running it, cancel requests, and the outcome (the file, or why there is none).
create table export_claim (
    job_id            uuid        not null,
    generation        integer     not null,
    state             text        not null check (state in ('PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
    request           text,
    cancel_requested  boolean     not null default false,
    owner             text,
    lease_until       timestamptz,
    attempts          integer     not null default 0,
    not_before        timestamptz,
    upload_id         text,
    object_key        text,
    file_name         text,
    content_type      text,
    row_count         bigint,
    byte_count        bigint,
    sha256            text,
    error_code        text,
    error_message     text,
    retryable         boolean,
    created_at        timestamptz not null default now(),
    started_at        timestamptz,
    finished_at       timestamptz,
    updated_at        timestamptz not null default now(),
    primary key (job_id, generation)
);

create index export_claim_queue on export_claim (created_at) where state = 'PENDING' and request is not null;
create index export_claim_leases on export_claim (lease_until) where state = 'RUNNING';
