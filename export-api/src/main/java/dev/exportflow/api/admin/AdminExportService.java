package dev.exportflow.api.admin;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import dev.exportflow.api.job.ExportJob;
import dev.exportflow.api.job.JobInterventions;
import dev.exportflow.api.job.JobLifecycle;
import dev.exportflow.api.job.JobStatus;
import dev.exportflow.api.job.PageCursor;
import dev.exportflow.api.problem.ProblemException;
import dev.exportflow.api.security.AccessCheck;
import dev.exportflow.api.security.KnownAccessLog;

import io.quarkus.panache.common.Parameters;

/**
 * Every tenant's jobs for operators: lists them, and retries, cancels or resends one by the owner's rules, each action
 * audited in its own transaction. Never hands out a file or a link.
 */
@ApplicationScoped
public class AdminExportService {

    private final JobLifecycle lifecycle;
    private final JobInterventions interventions;
    private final AuditLog audit;
    private final KnownAccessLog knownAccess;
    private final AccessCheck access;

    public AdminExportService(JobLifecycle lifecycle, JobInterventions interventions, AuditLog audit,
            KnownAccessLog knownAccess, AccessCheck access) {
        this.lifecycle = lifecycle;
        this.interventions = interventions;
        this.audit = audit;
        this.knownAccess = knownAccess;
        this.access = access;
    }

    /** The jobs that match every given filter, newest first (keyset paging on {@code createdAt desc, id desc}). */
    @Transactional
    public Page<AdminJob> list(AdminJobFilter filter) {
        StringBuilder query = new StringBuilder("1 = 1");
        Parameters parameters = new Parameters();
        where(query, parameters, " and status = :status", "status", filter.status());
        where(query, parameters, " and tenant = :tenant", "tenant", filter.tenant());
        where(query, parameters, " and ownerId = :user", "user", filter.user());
        where(query, parameters, " and dataset = :dataset", "dataset", filter.dataset());
        where(query, parameters, " and errorCode = :errorCode", "errorCode", filter.errorCode());
        where(query, parameters, " and createdAt >= :from", "from", filter.from());
        where(query, parameters, " and createdAt < :to", "to", filter.to());
        if (filter.after() != null) {
            query.append(" and (createdAt < :afterAt or (createdAt = :afterAt and id < :afterId))");
            parameters.and("afterAt", filter.after().createdAt()).and("afterId", filter.after().id());
        }
        query.append(" order by createdAt desc, id desc");
        int size = filter.limit();
        List<ExportJob> jobs = ExportJob.find(query.toString(), parameters).range(0, size).list();
        String next = null;
        if (jobs.size() > size) {
            jobs = jobs.subList(0, size);
            next = PageCursor.after(jobs.get(size - 1)).encode();
        }
        return new Page<>(jobs.stream().map(AdminJob::of).toList(), next);
    }

    private static void where(StringBuilder query, Parameters parameters, String clause, String name, Object value) {
        if (value != null) {
            query.append(clause);
            parameters.and(name, value);
        }
    }

    /**
     * Runs a FAILED job again as a new generation (see {@link JobInterventions#retry}).
     *
     * @throws ProblemException 404 for an unknown job, 409 unless it FAILED or when its owner may no longer use it
     */
    @Transactional
    public AdminJob retry(String operator, UUID id) {
        ExportJob job = locked(id);
        requireOwnerMayUse(job, "run again");
        int failed = job.generation;
        String code = job.errorCode;
        interventions.retry(job, Instant.now());
        audit.record(operator, AdminAudit.Action.RETRY, job,
                "generation " + failed + " failed (" + code + "); runs again as generation " + job.generation);
        return AdminJob.of(job);
    }

    /**
     * Asks the worker to stop, as the owner's cancel does (see {@link JobLifecycle#requestCancel}).
     *
     * @throws ProblemException 404 for an unknown job, 409 for a job that already ended
     */
    @Transactional
    public Cancellation cancel(String operator, UUID id) {
        ExportJob job = locked(id);
        JobStatus before = job.status;
        lifecycle.requestCancel(job, "operator " + operator);
        boolean askedNow = before != job.status;
        audit.record(operator, AdminAudit.Action.CANCEL, job, askedNow ? before + " -> " + job.status : "already " + before);
        return new Cancellation(AdminJob.of(job), askedNow);
    }

    /**
     * A cancel's outcome.
     *
     * @param askedNow whether this call asked the worker to stop; false when the job was already CANCELLING or CANCELLED
     */
    public record Cancellation(AdminJob job, boolean askedNow) {
    }

    /**
     * Emails the owner (never the operator) the link of a finished export again, by the owner's rules (see
     * {@link JobLifecycle#requestResend}), provided the owner may still use it as their latest call showed.
     *
     * @throws ProblemException 404 for an unknown job, 409 unless it SUCCEEDED or when its owner may no longer use
     *         it, 410 when the file expired or the export was deleted, 429 within the resend interval
     */
    @Transactional
    public AdminJob resend(String operator, UUID id) {
        ExportJob job = locked(id);
        requireOwnerMayUse(job, "sent again");
        lifecycle.requestResend(job, job.requester());
        audit.record(operator, AdminAudit.Action.RESEND, job, "email to the owner " + job.ownerEmail);
        return AdminJob.of(job);
    }

    /**
     * An export runs and is mailed for its owner: only while the owner may still use it, as their latest call showed
     * their tenant and roles (the catalog as it is now).
     *
     * @throws ProblemException 409 when the owner may no longer use it
     */
    private void requireOwnerMayUse(ExportJob job, String what) {
        knownAccess.find(job.ownerId)
                .flatMap(known -> access.refusal(job.dataset, job.tenant, known.tenant, Set.copyOf(known.roles)))
                .ifPresent(reason -> {
                    throw ProblemException.of(409, "owner-access-revoked", "The owner may no longer use this export",
                            "The owner's tenant or roles, as their latest call showed them, no longer allow this export;"
                                    + " it is not " + what + ".");
                });
    }

    private static ExportJob locked(UUID id) {
        ExportJob job = ExportJob.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (job == null) {
            throw ProblemException.notFound("There is no export " + id + ".");
        }
        return job;
    }
}
