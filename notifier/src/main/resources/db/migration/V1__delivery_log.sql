-- The delivery log: one row per email the notifier owes, at most one per job, generation and outcome.
-- A row is inserted (or found) when the event arrives, parks the email between retries, records how it
-- ended, and is the outbox of the ExportNotified event (notified_at).
create table delivery (
    id              uuid          primary key,
    job_id          uuid          not null,
    generation      integer       not null,
    about           varchar(16)   not null,
    recipient       varchar(320),
    event           text          not null,
    status          varchar(16)   not null,
    attempts        integer       not null default 0,
    next_attempt_at timestamptz,
    last_error      varchar(2000),
    link_expires_at timestamptz,
    message_id      varchar(255),
    received_at     timestamptz   not null,
    finished_at     timestamptz,
    notified_at     timestamptz,
    constraint delivery_once unique (job_id, generation, about),
    constraint delivery_about check (about in ('COMPLETED', 'FAILED')),
    constraint delivery_status check (status in ('PENDING', 'SENT', 'FAILED'))
);

-- What the dispatcher polls: due emails, oldest first.
create index delivery_due on delivery (next_attempt_at) where status = 'PENDING';

-- What the announcer polls: finished deliveries whose ExportNotified Kafka has not acknowledged yet.
create index delivery_unannounced on delivery (finished_at) where notified_at is null and status <> 'PENDING';
