package dev.exportflow.api.admin;

import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import dev.exportflow.api.problem.ProblemException;
import dev.exportflow.api.security.CurrentCaller;
import dev.exportflow.events.dataset.Violation;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** What operators watch: the audit of their actions, job statistics and dead-lettered records. HTTP mapping only. */
@Path("/api/admin")
@Tag(name = Operators.TAG)
@RolesAllowed(Operators.ROLE)
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "401", description = "No valid bearer token")
@APIResponse(responseCode = "403", description = "The caller does not have the role operator")
public class OperatorResource {

    static final int MAX_AUDIT_PAGE = 100;
    static final int DEFAULT_AUDIT_PAGE = 20;

    private final AuditLog audit;
    private final OperatorStats stats;
    private final DeadLetters deadLetters;
    private final CurrentCaller caller;

    public OperatorResource(AuditLog audit, OperatorStats stats, DeadLetters deadLetters, CurrentCaller caller) {
        this.audit = audit;
        this.stats = stats;
        this.deadLetters = deadLetters;
        this.caller = caller;
    }

    @GET
    @Path("audit")
    @Operation(summary = "Operator actions, newest first", description = "Cursor pagination: pass nextCursor back.")
    @APIResponse(responseCode = "200", description = "{ items: [AuditEntry], nextCursor }")
    @APIResponse(responseCode = "400", description = "Bad cursor or limit")
    public Page<AuditEntry> audit(@QueryParam("cursor") String cursor, @QueryParam("limit") String limit) {
        // The token must name the operator (sub, email, tenant) like any caller's: a 401 naming the claim otherwise.
        caller.get();
        List<Violation> violations = new ArrayList<>();
        int size = QueryLimit.parse(limit, DEFAULT_AUDIT_PAGE, MAX_AUDIT_PAGE, violations);
        if (!violations.isEmpty()) {
            throw ProblemException.validation(violations);
        }
        return audit.list(cursor, size);
    }

    @GET
    @Path("stats")
    @Operation(summary = "Jobs by status and error code over the last hour and day, the oldest queued job, the outbox")
    @APIResponse(responseCode = "200", description = "The figures, read now")
    public OperatorStats.Stats stats() {
        caller.get();
        return stats.now();
    }

    @GET
    @Path("dead-letters")
    @Operation(summary = "The newest dead-lettered records of a dead-letter topic",
            description = "topic: export-requested.dlq or export-notify.dlq; values cut at 2 KB, headers as text.")
    @APIResponse(responseCode = "200", description = "[DeadLetter], newest first")
    @APIResponse(responseCode = "400", description = "Unknown topic or bad limit")
    @APIResponse(responseCode = "503", description = "Kafka did not answer in time")
    public List<DeadLetter> deadLetters(@QueryParam("topic") String topic, @QueryParam("limit") String limit) {
        caller.get();
        List<Violation> violations = new ArrayList<>();
        String name = topic == null ? "" : topic.trim();
        if (!DeadLetters.TOPICS.contains(name)) {
            violations.add(new Violation("topic", "must be one of " + DeadLetters.TOPICS));
        }
        int size = QueryLimit.parse(limit, DeadLetters.DEFAULT_LIMIT, DeadLetters.MAX_LIMIT, violations);
        if (!violations.isEmpty()) {
            throw ProblemException.validation(violations);
        }
        return deadLetters.newest(name, size);
    }
}
