package dev.exportflow.api.admin;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import dev.exportflow.api.job.ExportJob;
import dev.exportflow.api.job.JobStatus;
import dev.exportflow.api.job.JobView;
import dev.exportflow.events.CsvOptions;

/**
 * A job as an operator sees it: the owner's job JSON without any link (an operator never gets a way to another user's
 * file), plus who owns it and in which tenant.
 */
public record AdminJob(
        UUID id,
        String dataset,
        String datasetTitle,
        JobStatus status,
        int generation,
        Map<String, String> parameters,
        String format,
        CsvOptions options,
        JobView.Progress progress,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        JobView.Failure error,
        JobView.File file,
        JobView.Notification notification,
        Owner owner,
        String tenant) {

    public static AdminJob of(ExportJob job) {
        JobView view = JobView.of(job);
        return new AdminJob(view.id(), view.dataset(), view.datasetTitle(), view.status(), view.generation(),
                view.parameters(), view.format(), view.options(), view.progress(), view.createdAt(), view.startedAt(),
                view.finishedAt(), view.error(), view.file(), view.notification(), new Owner(job.ownerId, job.ownerEmail),
                job.tenant);
    }

    /** The user who started the export. */
    public record Owner(String userId, String email) {
    }
}
