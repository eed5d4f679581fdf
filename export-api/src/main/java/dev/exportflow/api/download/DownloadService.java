package dev.exportflow.api.download;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import dev.exportflow.api.job.ExportJob;
import dev.exportflow.api.job.ExportJobService;
import dev.exportflow.api.job.JobStatus;
import dev.exportflow.api.problem.ProblemException;
import dev.exportflow.api.security.AccessCheck;
import dev.exportflow.api.security.Caller;
import dev.exportflow.api.security.KnownAccess;
import dev.exportflow.api.security.KnownAccessLog;
import dev.exportflow.api.storage.ObjectStorage;
import dev.exportflow.events.link.DownloadLinkTokens;
import dev.exportflow.events.link.InvalidLinkException;
import dev.exportflow.events.link.LinkClaims;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;

/**
 * Turns a right to download (the owner's token, or an emailed link) into a short-lived presigned URL, after checking
 * that the owner may still use the export (see {@link AccessCheck}).
 */
@ApplicationScoped
public class DownloadService {

    private final DownloadLinkTokens tokens;
    private final ExportJobService jobs;
    private final AccessCheck access;
    private final KnownAccessLog knownAccess;
    private final ObjectStorage storage;
    private final MeterRegistry metrics;

    public DownloadService(DownloadLinkTokens tokens, ExportJobService jobs, AccessCheck access, KnownAccessLog knownAccess,
            ObjectStorage storage, MeterRegistry metrics) {
        this.tokens = tokens;
        this.jobs = jobs;
        this.access = access;
        this.knownAccess = knownAccess;
        this.storage = storage;
        this.metrics = metrics;
    }

    /**
     * @throws ProblemException 404 for someone else's job, 403 for one the caller may no longer use, 409 while the file
     *         is not ready, 410 when it expired or the export was deleted
     */
    @Transactional
    public String forOwner(Caller caller, UUID jobId) {
        ExportJob job = jobs.usable(caller, jobId, LockModeType.NONE);
        if (job.status == JobStatus.EXPIRED) {
            throw ProblemException.of(410, "file-expired", "The file has expired",
                    "The file of this export has expired and was deleted. Start a new export.");
        }
        if (job.status == JobStatus.DELETED) {
            throw ProblemException.of(410, "export-deleted", "The export was deleted",
                    "You deleted this export and its file. Start a new export.");
        }
        if (job.status != JobStatus.SUCCEEDED) {
            throw ProblemException.of(409, "file-not-ready", "The file is not ready",
                    "The export is " + job.status + "; a file exists only when it SUCCEEDED.");
        }
        return presign(job, "owner");
    }

    /**
     * @throws LinkRefusedException 403 for a tampered token, 410 for an expired link or a file that is gone
     */
    @Transactional
    public String forLink(String token) {
        LinkClaims claims;
        try {
            claims = tokens.verify(token);
        } catch (InvalidLinkException e) {
            metrics.counter("exportflow.links.refused", "reason", e.reason().name()).increment();
            if (e.reason() == InvalidLinkException.Reason.EXPIRED) {
                Log.infof("job %s: expired download link used", e.claims().jobId());
                throw new LinkRefusedException(410, "link-expired", "This download link has expired",
                        "Download links are valid for a limited time. Open the export in the app to get a new link.");
            }
            Log.info("tampered or malformed download link refused");
            throw new LinkRefusedException(403, "link-invalid", "This download link is not valid",
                    "The link is incomplete or was changed. Copy the whole link from the email.");
        }
        ExportJob job = ExportJob.findById(claims.jobId());
        if (job == null || job.generation != claims.generation() || job.status != JobStatus.SUCCEEDED) {
            Log.infof("job %s: link for generation %d refused; the file is gone (job %s)", claims.jobId(),
                    claims.generation(), job == null ? "deleted" : job.status);
            metrics.counter("exportflow.links.refused", "reason", "GONE").increment();
            throw new LinkRefusedException(410, "file-gone", "This file is no longer available",
                    "The file was deleted, after its retention period or by its owner, or the export was replaced. "
                            + "Start a new export.");
        }
        Optional<String> refusal = ownerMayNoLongerUse(job);
        if (refusal.isPresent()) {
            Log.infof("job %s: link refused; its owner may no longer use it: %s", job.id, refusal.get());
            metrics.counter("exportflow.links.refused", "reason", "ACCESS_REVOKED").increment();
            throw new LinkRefusedException(403, "access-revoked", "This download is no longer allowed",
                    refusal.get() + " Open ExportFlow to see your exports.");
        }
        return presign(job, "link");
    }

    /**
     * A link has no caller: the owner's rights are those their latest call to the api showed. An owner not seen since
     * that record was introduced keeps the job's own tenant and no role.
     */
    private Optional<String> ownerMayNoLongerUse(ExportJob job) {
        Optional<KnownAccess> known = knownAccess.find(job.ownerId);
        String tenant = known.map(access -> access.tenant).orElse(job.tenant);
        Set<String> roles = known.map(access -> Set.copyOf(access.roles)).orElse(Set.of());
        return access.refusal(job.dataset, job.tenant, tenant, roles);
    }

    private String presign(ExportJob job, String via) {
        String url = storage.presignedDownload(job.fileBucket, job.fileObjectKey, job.fileName);
        metrics.counter("exportflow.downloads", "via", via).increment();
        Log.infof("job %s: download of %s via %s", job.id, job.fileName, via);
        return url;
    }
}
