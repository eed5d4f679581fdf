package dev.exportflow.api.job;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import dev.exportflow.api.problem.ProblemException;
import dev.exportflow.api.security.AccessCheck;
import dev.exportflow.api.security.Caller;
import dev.exportflow.events.ExportRequested;
import dev.exportflow.events.Requester;
import dev.exportflow.events.dataset.DatasetCatalog;
import dev.exportflow.events.dataset.Violation;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Parameters;

/**
 * The caller's export jobs: checks what a caller may do to which job, then lets {@link JobLifecycle} make the change
 * and write its event in the same transaction (a new job is stored with its event by {@link NewJobStore}).
 */
@ApplicationScoped
public class ExportJobService {

    static final int MAX_IDEMPOTENCY_KEY = 255;

    private final DatasetCatalog catalog;
    private final JobLifecycle lifecycle;
    private final NewJobStore store;
    private final JobLimitsConfig limits;
    private final AccessCheck access;
    private final MeterRegistry metrics;

    public ExportJobService(DatasetCatalog catalog, JobLifecycle lifecycle, NewJobStore store, JobLimitsConfig limits,
            AccessCheck access, MeterRegistry metrics) {
        this.catalog = catalog;
        this.lifecycle = lifecycle;
        this.store = store;
        this.limits = limits;
        this.access = access;
        this.metrics = metrics;
    }

    /** What {@link #create} did: made a new job, or found the one this request already stands for. */
    public enum Outcome {
        CREATED,
        /** Same Idempotency-Key and same request: the job made the first time. */
        REPLAYED,
        /** An identical export of this user is already queued or running. */
        DEDUPLICATED
    }

    public record Creation(JobView job, Outcome outcome) {
    }

    /**
     * @throws ProblemException 400/403 for a bad request (400 too for one whose ExportRequested would exceed
     *         {@code exportflow.limits.max-event-size}), 422 for an Idempotency-Key reused with another request, 429
     *         when the user has too many active exports
     */
    public Creation create(Caller caller, CreateExportRequest request, String idempotencyKey) {
        String key = idempotencyKey(idempotencyKey);
        CheckedRequest checked = CheckedRequest.check(request, caller, catalog);
        ExportJob job = newJob(caller, checked, key);
        ExportRequested requested = lifecycle.queueNew(job);
        String payload = EventSizeLimit.written(requested, limits.maxEventSize());
        NewJobStore.Submission submission = store.submit(job, requested, payload, limits.activeExportsPerUser());
        if (!submission.created()) {
            return refused(caller, checked, submission);
        }
        metrics.counter("exportflow.exports.requested", "dataset", job.dataset).increment();
        Log.infof("job %s: %s requested %s %s", job.id, caller.userId(), job.dataset, job.parameters);
        return new Creation(JobView.of(job), Outcome.CREATED);
    }

    /** Why the store did not insert the job: the checks flagged the owner's jobs that stood in its way. */
    private Creation refused(Caller caller, CheckedRequest checked, NewJobStore.Submission submission) {
        Optional<NewJobStore.OwnerJob> keyed = submission.keyed();
        if (keyed.isPresent()) {
            if (!keyed.get().requestHash().equals(checked.fingerprint())) {
                throw ProblemException.of(422, "idempotency-key-reused", "Idempotency-Key reused",
                        "This Idempotency-Key was already used for a different request. Use a new key for a new export.");
            }
            return new Creation(stored(keyed.get().id()), Outcome.REPLAYED);
        }
        Optional<NewJobStore.OwnerJob> identical = submission.identical();
        if (identical.isPresent()) {
            Log.infof("job %s: identical request of %s while still %s; returning it", identical.get().id(), caller.userId(),
                    identical.get().status());
            return new Creation(stored(identical.get().id()), Outcome.DEDUPLICATED);
        }
        throw ProblemException.tooManyActive(limits.activeExportsPerUser(),
                submission.active().stream().map(UUID::toString).toList(), limits.retryAfter());
    }

    /** A job as stored now; a POST has no transaction of its own (the store's round trip commits by itself). */
    private static JobView stored(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> JobView.of(ExportJob.findById(id)));
    }

    private static ExportJob newJob(Caller caller, CheckedRequest checked, String key) {
        ExportJob job = new ExportJob();
        job.id = UUID.randomUUID();
        job.ownerId = caller.userId();
        job.ownerEmail = caller.email();
        job.tenant = caller.tenant();
        job.locale = caller.locale();
        job.timeZone = caller.timeZone();
        job.dataset = checked.dataset().name();
        job.datasetTitle = checked.dataset().title();
        job.parameters = checked.parameters();
        job.format = checked.format();
        job.options = checked.options();
        job.requestHash = checked.fingerprint();
        job.idempotencyKey = key;
        return job;
    }

    /** A key is at most {@value #MAX_IDEMPOTENCY_KEY} visible ASCII characters, as the header's draft standard has it. */
    static String idempotencyKey(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        if (header.length() > MAX_IDEMPOTENCY_KEY) {
            throw ProblemException.validation(List.of(new Violation(ExportJobResource.IDEMPOTENCY_KEY,
                    "must be at most " + MAX_IDEMPOTENCY_KEY + " characters long")));
        }
        String key = header.trim();
        if (!key.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            throw ProblemException.validation(List.of(new Violation(ExportJobResource.IDEMPOTENCY_KEY,
                    "must consist of visible ASCII characters (a UUID is a good key)")));
        }
        return key;
    }

    /** @throws ProblemException 404 when there is no such job or it belongs to someone else */
    @Transactional
    public JobView get(Caller caller, UUID id) {
        return JobView.of(owned(caller, id, LockModeType.NONE));
    }

    /** The caller's jobs, newest first. */
    @Transactional
    public Page list(Caller caller, JobStatus status, int limit, String cursor) {
        int size = Math.max(1, Math.min(limit, limits.maxPageSize()));
        StringBuilder query = new StringBuilder("ownerId = :owner");
        Parameters parameters = Parameters.with("owner", caller.userId());
        if (status != null) {
            query.append(" and status = :status");
            parameters.and("status", status);
        }
        if (cursor != null && !cursor.isBlank()) {
            PageCursor after = PageCursor.decode(cursor);
            query.append(" and (createdAt < :createdAt or (createdAt = :createdAt and id < :id))");
            parameters.and("createdAt", after.createdAt()).and("id", after.id());
        }
        query.append(" order by createdAt desc, id desc");
        List<ExportJob> jobs = ExportJob.find(query.toString(), parameters).range(0, size).list();
        String next = null;
        if (jobs.size() > size) {
            jobs = jobs.subList(0, size);
            next = PageCursor.after(jobs.get(size - 1)).encode();
        }
        return new Page(jobs.stream().map(JobView::of).toList(), next);
    }

    /**
     * Asks the worker to stop (see {@link JobLifecycle#requestCancel}).
     *
     * @throws ProblemException 404 for someone else's job, 409 for a job that already ended
     */
    @Transactional
    public JobView cancel(Caller caller, UUID id) {
        ExportJob job = owned(caller, id, LockModeType.PESSIMISTIC_WRITE);
        lifecycle.requestCancel(job, caller.userId());
        return JobView.of(job);
    }

    /**
     * Emails the link of a finished export again, to the caller (see {@link JobLifecycle#requestResend}).
     *
     * @throws ProblemException 404 for someone else's job, 403 for one the caller may no longer use, 409 unless it
     *         SUCCEEDED, 410 when the file expired or the export was deleted, 429 when asked again within the resend
     *         interval
     */
    @Transactional
    public JobView resend(Caller caller, UUID id) {
        ExportJob job = usable(caller, id, LockModeType.PESSIMISTIC_WRITE);
        lifecycle.requestResend(job, new Requester(caller.userId(), caller.email() != null ? caller.email() : job.ownerEmail,
                caller.locale() != null ? caller.locale() : job.locale, job.tenant,
                caller.timeZone() != null ? caller.timeZone() : job.timeZone));
        return JobView.of(job);
    }

    /**
     * The owner deletes an ended export (see {@link JobLifecycle#delete}): from the commit on its download and emailed
     * links answer 410. The file is the caller's to delete afterwards, outside this transaction.
     *
     * @return the job, and its file when one is left to delete
     * @throws ProblemException 404 for someone else's job, 409 while it is queued, running or being cancelled
     */
    @Transactional
    public Deletion delete(Caller caller, UUID id) {
        ExportJob job = owned(caller, id, LockModeType.PESSIMISTIC_WRITE);
        StoredFile file = job.status == JobStatus.SUCCEEDED && job.fileObjectKey != null
                ? new StoredFile(job.fileBucket, job.fileObjectKey) : null;
        lifecycle.delete(job, Instant.now());
        return new Deletion(JobView.of(job), file);
    }

    /** A deleted job, and the file it had (null when it had none, or it had expired or been deleted before). */
    public record Deletion(JobView job, StoredFile file) {
    }

    /** Where an export's file is stored. */
    public record StoredFile(String bucket, String objectKey) {
    }

    /**
     * The caller's own job, for following it: see {@link #usable}.
     *
     * @throws ProblemException 404 for someone else's job, 403 for one the caller may no longer use
     */
    @Transactional
    public JobView getForUse(Caller caller, UUID id) {
        return JobView.of(usable(caller, id, LockModeType.NONE));
    }

    /**
     * The caller's own job, provided they may still use it: they still belong to its tenant and hold a role its
     * dataset needs (the catalog as it is now). Whoever lost that right learns it (403); it is their own job.
     *
     * @throws ProblemException 404 for someone else's job, 403 for one the caller may no longer use
     */
    public ExportJob usable(Caller caller, UUID id, LockModeType lock) {
        ExportJob job = owned(caller, id, lock);
        access.require(caller, job.dataset, job.tenant);
        return job;
    }

    /** The caller's own job, or 404 (never 403: whether someone else's job exists is not the caller's business). */
    ExportJob owned(Caller caller, UUID id, LockModeType lock) {
        ExportJob job = ExportJob.findById(id, lock);
        if (job == null || !job.ownedBy(caller.userId())) {
            throw ProblemException.notFound("There is no export " + id + ".");
        }
        return job;
    }

    /** One page of history and the cursor of the next one (null on the last page). */
    public record Page(List<JobView> items, String nextCursor) {
    }
}
