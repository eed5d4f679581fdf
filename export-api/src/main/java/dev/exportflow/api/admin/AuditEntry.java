package dev.exportflow.api.admin;

import java.time.Instant;
import java.util.UUID;

/** One row of {@code GET /api/admin/audit}. */
public record AuditEntry(long id, Instant at, String operator, AdminAudit.Action action, UUID jobId, int generation,
        String detail) {

    static AuditEntry of(AdminAudit row) {
        return new AuditEntry(row.id, row.at, row.operator, row.action, row.jobId, row.generation, row.detail);
    }
}
