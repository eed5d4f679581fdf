package dev.exportflow.api.retention;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.exportflow.api.job.ExportJob;
import dev.exportflow.api.job.JobStatus;
import dev.exportflow.api.storage.ObjectStorage;
import dev.exportflow.api.storage.ObjectStorage.StoredObject;
import dev.exportflow.events.storage.ObjectKeys;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Deletes the objects under {@code exports/} that are no job's file: of a job that ended without one (FAILED,
 * CANCELLED, DELETED, EXPIRED: a stale run may still have finished a file), of another generation, or of no known
 * job. An object of a job still active in that generation is kept: its completion may not be recorded yet.
 */
@ApplicationScoped
public class OrphanedObjects {

    private static final int PAGE = 500;

    /** What the store knows of a job: enough to tell whether an object is its file. */
    private record Known(int generation, JobStatus status, String fileObjectKey) {
    }

    private final ObjectStorage storage;
    private final MeterRegistry metrics;

    public OrphanedObjects(ObjectStorage storage, MeterRegistry metrics) {
        this.storage = storage;
        this.metrics = metrics;
    }

    /**
     * Deletes orphaned objects last written before {@code cutoff}.
     *
     * @return the keys deleted
     */
    public List<String> deleteOlderThan(Instant cutoff) {
        List<String> deleted = new ArrayList<>();
        String after = null;
        List<StoredObject> page;
        do {
            page = storage.list(ObjectKeys.PREFIX, after, PAGE);
            List<StoredObject> old = page.stream().filter(object -> object.lastModified().isBefore(cutoff)).toList();
            Map<UUID, Known> jobs = old.isEmpty() ? Map.of() : QuarkusTransaction.requiringNew().call(() -> jobsOf(old));
            for (StoredObject object : old) {
                if (orphaned(object.key(), jobs)) {
                    storage.delete(storage.bucket(), object.key());
                    metrics.counter("exportflow.retention.orphans.deleted").increment();
                    Log.infof("job %s: deleted %s, which is no finished export's file", jobOf(object.key()).orElse(null),
                            object.key());
                    deleted.add(object.key());
                }
            }
            after = page.isEmpty() ? after : page.get(page.size() - 1).key();
        } while (page.size() == PAGE);
        return deleted;
    }

    private static boolean orphaned(String key, Map<UUID, Known> jobs) {
        Optional<UUID> id = jobOf(key);
        Known job = id.map(jobs::get).orElse(null);
        if (job == null) {
            return true;
        }
        if (job.status() == JobStatus.SUCCEEDED) {
            return !key.equals(job.fileObjectKey());
        }
        return !(job.status().active() && ObjectKeys.belongsTo(key, id.get(), job.generation()));
    }

    private static Map<UUID, Known> jobsOf(List<StoredObject> objects) {
        List<UUID> ids = objects.stream().map(object -> jobOf(object.key())).flatMap(Optional::stream).distinct().toList();
        Map<UUID, Known> known = new HashMap<>();
        if (ids.isEmpty()) {
            return known;
        }
        List<Object[]> rows = ExportJob.getEntityManager().createQuery(
                "select j.id, j.generation, j.status, j.fileObjectKey from ExportJob j where j.id in :ids", Object[].class)
                .setParameter("ids", ids).getResultList();
        rows.forEach(row -> known.put((UUID) row[0], new Known((Integer) row[1], (JobStatus) row[2], (String) row[3])));
        return known;
    }

    /** The job id of a key {@code exports/{jobId}/...}, if it has one. */
    static Optional<UUID> jobOf(String key) {
        String rest = key.substring(ObjectKeys.PREFIX.length());
        int slash = rest.indexOf('/');
        try {
            return slash < 0 ? Optional.empty() : Optional.of(UUID.fromString(rest.substring(0, slash)))
                    .filter(id -> Objects.equals(ObjectKeys.jobPrefix(id), ObjectKeys.PREFIX + rest.substring(0, slash + 1)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
