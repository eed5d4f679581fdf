package dev.exportflow.worker.claim;

import jakarta.enterprise.context.ApplicationScoped;

import dev.exportflow.events.ExportRequested;
import dev.exportflow.events.serde.EventJson;

/**
 * Decides what hearing about a request or a cancel means for a job generation's claim, whatever order they arrive in
 * and however often. Each decision is one transaction that locks the claim, so two consumers cannot both act on it.
 */
@ApplicationScoped
public class ClaimAdmission {

    private static final String INSERT_REQUEST = """
            insert into export_claim (job_id, generation, state, request, trace_parent) values (?, ?, 'PENDING', ?, ?)
            on conflict (job_id, generation) do nothing""";

    /** A cancel came first and left a claim without its request. */
    private static final String ATTACH_REQUEST = """
            update export_claim set request = ?, updated_at = now()
            where job_id = ? and generation = ? and request is null""";

    private static final String REQUEUE_FAILED = """
            update export_claim set state = 'PENDING', attempts = 0, not_before = null, owner = null,
                   lease_until = null, error_code = null, error_message = null, retryable = null,
                   finished_at = null, updated_at = now()
            where job_id = ? and generation = ? and state = 'FAILED'""";

    private static final String INSERT_CANCELLED = """
            insert into export_claim (job_id, generation, state, cancel_requested, finished_at)
            values (?, ?, 'CANCELLED', true, now())
            on conflict (job_id, generation) do nothing""";

    private static final String CANCEL_PENDING = """
            update export_claim set state = 'CANCELLED', cancel_requested = true, finished_at = now(), updated_at = now()
            where job_id = ? and generation = ? and state = 'PENDING'""";

    /** The owner sees the flag at its next heartbeat. */
    private static final String FLAG_CANCEL = """
            update export_claim set cancel_requested = true, updated_at = now()
            where job_id = ? and generation = ? and state = 'RUNNING'""";

    private final ClaimJdbc jdbc;

    public ClaimAdmission(ClaimJdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** What hearing about a request led to. */
    public enum Admission {
        /** New: queued for a free slot. */
        QUEUED,
        /** Already queued or running: a duplicate delivery, nothing to do. */
        IN_HAND,
        /** Already done: tell the world again, do not export again. */
        SUCCEEDED,
        /** Cancelled before or while it ran: it never runs (again). */
        CANCELLED,
        /** It had failed: queued to run again (a replay or a re-published dead letter). */
        REQUEUED
    }

    public record Admitted(Admission admission, Claim claim) {
    }

    /** What a cancel request led to. */
    public enum CancelOutcome {
        /** It had not started (or was not even requested yet): it is cancelled now and will never run. */
        NEVER_STARTED,
        /** A replica is running it; the owner stops at its next heartbeat. */
        RUNNING,
        ALREADY_CANCELLED,
        /** It had already succeeded or failed. */
        TOO_LATE
    }

    public record Cancelled(CancelOutcome outcome, Claim claim) {
    }

    /** @param traceParent the trace the request came with (W3C {@code traceparent}), or null */
    public Admitted admit(ExportRequested request, String traceParent) {
        JobKey key = new JobKey(request.jobId(), request.generation());
        String json = EventJson.writeString(request);
        return jdbc.inTransaction(connection -> {
            if (ClaimJdbc.execute(connection, INSERT_REQUEST, key.jobId(), key.generation(), json, traceParent) == 1) {
                return new Admitted(Admission.QUEUED, ClaimRows.find(connection, key).orElseThrow());
            }
            Claim claim = ClaimRows.lock(connection, key);
            return switch (claim.state()) {
                case PENDING, RUNNING -> new Admitted(Admission.IN_HAND, claim);
                case SUCCEEDED -> new Admitted(Admission.SUCCEEDED, claim);
                case CANCELLED -> {
                    ClaimJdbc.execute(connection, ATTACH_REQUEST, json, key.jobId(), key.generation());
                    yield new Admitted(Admission.CANCELLED, withRequest(claim, request));
                }
                case FAILED -> {
                    ClaimJdbc.execute(connection, REQUEUE_FAILED, key.jobId(), key.generation());
                    yield new Admitted(Admission.REQUEUED, claim);
                }
            };
        });
    }

    public Cancelled requestCancel(JobKey key) {
        return jdbc.inTransaction(connection -> {
            if (ClaimJdbc.execute(connection, INSERT_CANCELLED, key.jobId(), key.generation()) == 1) {
                return new Cancelled(CancelOutcome.NEVER_STARTED, ClaimRows.find(connection, key).orElseThrow());
            }
            Claim claim = ClaimRows.lock(connection, key);
            return switch (claim.state()) {
                case PENDING -> {
                    ClaimJdbc.execute(connection, CANCEL_PENDING, key.jobId(), key.generation());
                    yield new Cancelled(CancelOutcome.NEVER_STARTED, claim);
                }
                case RUNNING -> {
                    ClaimJdbc.execute(connection, FLAG_CANCEL, key.jobId(), key.generation());
                    yield new Cancelled(CancelOutcome.RUNNING, claim);
                }
                case CANCELLED -> new Cancelled(CancelOutcome.ALREADY_CANCELLED, claim);
                case SUCCEEDED, FAILED -> new Cancelled(CancelOutcome.TOO_LATE, claim);
            };
        });
    }

    private static Claim withRequest(Claim claim, ExportRequested request) {
        return claim.request() != null ? claim : new Claim(claim.key(), claim.state(), request, claim.cancelRequested(),
                claim.owner(), claim.attempts(), claim.uploadId(), claim.file(), claim.errorCode(), claim.errorMessage(),
                claim.retryable(), claim.traceParent());
    }
}
