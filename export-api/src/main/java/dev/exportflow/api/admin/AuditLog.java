package dev.exportflow.api.admin;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.exportflow.api.job.ExportJob;
import dev.exportflow.api.problem.ProblemException;
import dev.exportflow.events.dataset.Violation;

import io.quarkus.logging.Log;
import io.quarkus.panache.common.Sort;

/** The audit of operator actions: written in the action's own transaction, read newest first. */
@ApplicationScoped
public class AuditLog {

    /** Records what an operator did to a job; only inside the transaction of the action, so both commit or neither. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(String operator, AdminAudit.Action action, ExportJob job, String detail) {
        AdminAudit row = new AdminAudit();
        row.at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        row.operator = operator;
        row.action = action;
        row.jobId = job.id;
        row.generation = job.generation;
        row.detail = detail;
        row.persist();
        Log.infof("job %s: operator %s: %s (%s)", job.id, operator, action, detail);
    }

    /**
     * @param cursor where the previous page ended (opaque); null or blank: the newest rows
     * @throws ProblemException 400 for a cursor this API did not hand out
     */
    @Transactional
    public Page<AuditEntry> list(String cursor, int limit) {
        List<AdminAudit> rows = cursor == null || cursor.isBlank()
                ? AdminAudit.findAll(Sort.descending("id")).range(0, limit).list()
                : AdminAudit.find("id < ?1", Sort.descending("id"), decode(cursor)).range(0, limit).list();
        String next = null;
        if (rows.size() > limit) {
            rows = rows.subList(0, limit);
            next = encode(rows.get(limit - 1).id);
        }
        return new Page<>(rows.stream().map(AuditEntry::of).toList(), next);
    }

    private static String encode(long id) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Long.toString(id).getBytes(StandardCharsets.UTF_8));
    }

    private static long decode(String cursor) {
        try {
            return Long.parseLong(new String(Base64.getUrlDecoder().decode(cursor.trim()), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw ProblemException.validation(List.of(new Violation("cursor", "is not a cursor returned by this API")));
        }
    }
}
