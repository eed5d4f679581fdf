package dev.exportflow.worker.request;

import java.util.Optional;

import dev.exportflow.events.ExportRequested;
import dev.exportflow.worker.claim.JobKey;
import dev.exportflow.worker.claim.RecordedFailure;

/**
 * A request the worker does not run: what is wrong, in words for people (never a value of the request), and, when the
 * request names a job generation, what of it can be told back in that job's failure.
 */
public final class RefusedRequest extends Exception {

    private final Refusal reason;
    private final transient ExportRequested toldBack;

    /** @param toldBack the job's id, generation, and the requester and dataset where they passed their checks; or null */
    RefusedRequest(Refusal reason, String message, ExportRequested toldBack) {
        super(message, null, false, false);
        this.reason = reason;
        this.toldBack = toldBack;
    }

    public Refusal reason() {
        return reason;
    }

    /** The job generation the request names, when it names one. */
    public Optional<JobKey> job() {
        return Optional.ofNullable(toldBack).map(request -> new JobKey(request.jobId(), request.generation()));
    }

    /** What of the request its job's failure may tell: no parameters, no options, nothing that failed a check. */
    public ExportRequested toldBack() {
        return toldBack;
    }

    /** The failure the job ends with: the same request fails the same way, so it is not retryable. */
    public RecordedFailure failure() {
        return new RecordedFailure(reason.errorCode(), getMessage(), false);
    }
}
