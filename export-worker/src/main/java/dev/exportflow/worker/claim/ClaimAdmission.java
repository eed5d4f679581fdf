package dev.exportflow.worker.claim;

import java.util.Optional;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import dev.exportflow.events.ExportRequested;
import dev.exportflow.events.Requester;
import dev.exportflow.events.serde.EventJson;

/**
 * Decides what hearing about a request, a refused request or a cancel means for a job generation's claim, whatever
 * order they arrive in and however often. Each decision is one transaction that locks the claim, so two consumers
 * cannot both act on it. A decision that ends the claim, or finds it ended and tells the world again, leaves its
 * outcome owed; the caller publishes it.
 */
@ApplicationScoped
public class ClaimAdmission {

    private static final String INSERT_REQUEST = """
            insert into export_claim (job_id, generation, state, request, trace_parent, tenant, user_id)
            values (?, ?, 'PENDING', ?, ?, ?, ?)
            on conflict (job_id, generation) do nothing""";

    /** A cancel came first and left a claim without its request. */
    private static final String ATTACH_REQUEST = """
            update export_claim set request = ?, tenant = ?, user_id = ?, updated_at = now()
            where job_id = ? and generation = ? and request is null""";

    /** The request of the replay (or re-published dead letter) replaces the one that failed. */
    private static final String REQUEUE_FAILED = """
            update export_claim set state = 'PENDING', request = ?, tenant = ?, user_id = ?, attempts = 0,
                   not_before = null, owner = null, lease_until = null, error_code = null, error_message = null, retryable = null,
                   finished_at = null, updated_at = now()
            where job_id = ? and generation = ? and state = 'FAILED'""";

    private static final String INSERT_CANCELLED = """
            insert into export_claim (job_id, generation, state, cancel_requested, finished_at)
            values (?, ?, 'CANCELLED', true, now())
            on conflict (job_id, generation) do nothing""";

    private static final String CANCEL_PENDING = """
            update export_claim set state = 'CANCELLED', cancel_requested = true, finished_at = now(),
                   outcome_published_at = null, updated_at = now()
            where job_id = ? and generation = ? and state = 'PENDING'""";

    /** The run sees the flag at its replica's next heartbeat; the reaper, should that replica be gone. */
    private static final String FLAG_CANCEL = """
            update export_claim set cancel_requested = true, updated_at = now()
            where job_id = ? and generation = ? and state = 'RUNNING'""";

    private static final String INSERT_REFUSED = """
            insert into export_claim (job_id, generation, state, request, error_code, error_message, retryable,
                                      finished_at)
            values (?, ?, 'FAILED', ?, ?, ?, ?, now())
            on conflict (job_id, generation) do nothing""";

    /** An ended claim heard of again: its outcome is told again. */
    private static final String OWE_AGAIN = """
            update export_claim set outcome_published_at = null, updated_at = now()
            where job_id = ? and generation = ?""";

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
        /** Already done: tell the world again (the outcome is owed), do not export again. */
        SUCCEEDED,
        /** Cancelled before or while it ran: it never runs (again); the cancellation is owed again. */
        CANCELLED,
        /** It had failed when it ran: the failure is owed again, it does not run again (a new generation does). */
        FAILED,
        /** It had been refused unread (the record may have been forged): queued to run (a re-published dead letter). */
        REQUEUED
    }

    /** @param claim the claim as the decision left it */
    public record Admitted(Admission admission, Claim claim) {
    }

    /** What a cancel request led to. */
    public enum CancelOutcome {
        /** It had not started (or was not even requested yet): it is cancelled now, never runs, its outcome is owed. */
        NEVER_STARTED,
        /** A run holds it; the run stops at its replica's next heartbeat. */
        RUNNING,
        /** Cancelled before: the cancellation is owed again. */
        ALREADY_CANCELLED,
        /** It had already succeeded or failed. */
        TOO_LATE
    }

    /** @param claim the claim as the decision left it */
    public record Cancelled(CancelOutcome outcome, Claim claim) {
    }

    /** @param traceParent the trace the request came with (W3C {@code traceparent}), or null */
    public Admitted admit(ExportRequested request, String traceParent) {
        JobKey key = new JobKey(request.jobId(), request.generation());
        String json = EventJson.writeString(request);
        String tenant = requester(request, Requester::tenant);
        String userId = requester(request, Requester::userId);
        return jdbc.inTransaction(connection -> {
            if (ClaimJdbc.execute(connection, INSERT_REQUEST, key.jobId(), key.generation(), json, traceParent, tenant,
                    userId) == 1) {
                return new Admitted(Admission.QUEUED, ClaimRows.find(connection, key).orElseThrow());
            }
            Claim claim = ClaimRows.lock(connection, key);
            Admission admission = switch (claim.state()) {
                case PENDING, RUNNING -> Admission.IN_HAND;
                case SUCCEEDED -> {
                    ClaimJdbc.execute(connection, OWE_AGAIN, key.jobId(), key.generation());
                    yield Admission.SUCCEEDED;
                }
                case CANCELLED -> {
                    ClaimJdbc.execute(connection, ATTACH_REQUEST, json, tenant, userId, key.jobId(), key.generation());
                    ClaimJdbc.execute(connection, OWE_AGAIN, key.jobId(), key.generation());
                    yield Admission.CANCELLED;
                }
                case FAILED -> {
                    // Its failure was told (an email, the job FAILED): running it again on a replay would send a
                    // second email about this generation. Only a refusal (attempts 0) runs when a request comes again.
                    if (claim.attempts() > 0) {
                        ClaimJdbc.execute(connection, OWE_AGAIN, key.jobId(), key.generation());
                        yield Admission.FAILED;
                    }
                    ClaimJdbc.execute(connection, REQUEUE_FAILED, json, tenant, userId, key.jobId(), key.generation());
                    yield Admission.REQUEUED;
                }
            };
            return new Admitted(admission, admission == Admission.IN_HAND ? claim : ClaimRows.lock(connection, key));
        });
    }

    /** Who asked, for the fair share of slots ({@link ClaimQueue}); empty where the request does not say. */
    private static String requester(ExportRequested request, Function<Requester, String> part) {
        String value = request.requester() == null ? null : part.apply(request.requester());
        return value == null ? "" : value;
    }

    public Cancelled requestCancel(JobKey key) {
        return jdbc.inTransaction(connection -> {
            if (ClaimJdbc.execute(connection, INSERT_CANCELLED, key.jobId(), key.generation()) == 1) {
                return new Cancelled(CancelOutcome.NEVER_STARTED, ClaimRows.find(connection, key).orElseThrow());
            }
            Claim claim = ClaimRows.lock(connection, key);
            CancelOutcome outcome = switch (claim.state()) {
                case PENDING -> {
                    ClaimJdbc.execute(connection, CANCEL_PENDING, key.jobId(), key.generation());
                    yield CancelOutcome.NEVER_STARTED;
                }
                case RUNNING -> {
                    ClaimJdbc.execute(connection, FLAG_CANCEL, key.jobId(), key.generation());
                    yield CancelOutcome.RUNNING;
                }
                case CANCELLED -> {
                    ClaimJdbc.execute(connection, OWE_AGAIN, key.jobId(), key.generation());
                    yield CancelOutcome.ALREADY_CANCELLED;
                }
                case SUCCEEDED, FAILED -> CancelOutcome.TOO_LATE;
            };
            return new Cancelled(outcome, outcome == CancelOutcome.TOO_LATE ? claim : ClaimRows.lock(connection, key));
        });
    }

    /**
     * Fails a job generation whose request the worker refused, so that the job ends visibly. A refused record never
     * touches a job the worker already holds (it may be forged): only an unknown job generation is failed, and one
     * that had failed before has its failure told again.
     *
     * @param request what of the refused request can be told back (its requester and dataset, where they passed the
     *        checks), stored with the failure
     * @return the failed claim, its outcome owed; empty when the job generation is queued, running or ended otherwise
     */
    public Optional<Claim> refuse(JobKey key, ExportRequested request, RecordedFailure failure) {
        String json = EventJson.writeString(request);
        return jdbc.inTransaction(connection -> {
            if (ClaimJdbc.execute(connection, INSERT_REFUSED, key.jobId(), key.generation(), json, failure.code(),
                    failure.message(), failure.retryable()) == 1) {
                return ClaimRows.find(connection, key);
            }
            if (ClaimRows.lock(connection, key).state() != ClaimState.FAILED) {
                return Optional.empty();
            }
            ClaimJdbc.execute(connection, OWE_AGAIN, key.jobId(), key.generation());
            return ClaimRows.find(connection, key);
        });
    }
}
