-- The job store of export-api and its transactional outbox.

create table export_job (
    id                     uuid primary key,
    owner_id               text        not null,
    owner_email            text,
    tenant                 text,
    locale                 text,
    time_zone              text,
    dataset                text        not null,
    dataset_title          text        not null,
    parameters             jsonb       not null,
    format                 text        not null,
    options                jsonb       not null,
    request_hash           text        not null,
    idempotency_key        text,
    status                 text        not null,
    generation             integer     not null,
    rows_written           bigint,
    bytes_written          bigint,
    estimated_total_rows   bigint,
    progress_at            timestamptz,
    created_at             timestamptz not null,
    started_at             timestamptz,
    finished_at            timestamptz,
    cancel_requested_at    timestamptz,
    error_code             text,
    error_message          text,
    error_retryable        boolean,
    file_bucket            text,
    file_object_key        text,
    file_name              text,
    file_content_type      text,
    file_size              bigint,
    file_rows              bigint,
    file_sha256            text,
    file_expires_at        timestamptz,
    notification_channel   text,
    notification_about     text,
    notification_recipient text,
    notification_outcome   text,
    notification_reason    text,
    notification_at        timestamptz,
    expired_at             timestamptz,
    constraint export_job_status_known
        check (status in ('QUEUED', 'RUNNING', 'CANCELLING', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'EXPIRED'))
);

-- One job per (user, Idempotency-Key).
create unique index export_job_idempotency_key on export_job (owner_id, idempotency_key)
    where idempotency_key is not null;
-- History, newest first, with a keyset cursor.
create index export_job_owner_history on export_job (owner_id, created_at desc, id desc);
-- Active jobs per user: the limit and the duplicate-request check.
create index export_job_owner_active on export_job (owner_id, request_hash)
    where status in ('QUEUED', 'RUNNING', 'CANCELLING');
-- Retention sweep.
create index export_job_expiry on export_job (file_expires_at) where status = 'SUCCEEDED';

create table outbox_event (
    id           uuid primary key,
    seq          bigserial   not null unique,
    aggregate_id uuid        not null,
    topic        text        not null,
    event_type   text        not null,
    payload      text        not null,
    created_at   timestamptz not null,
    sent_at      timestamptz
);

create index outbox_event_pending on outbox_event (seq) where sent_at is null;
create index outbox_event_pending_by_job on outbox_event (aggregate_id, seq) where sent_at is null;
create index outbox_event_sent on outbox_event (sent_at) where sent_at is not null;
