package dev.exportflow.api.admin;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.exportflow.api.job.ExportJobResource;
import dev.exportflow.api.security.CurrentCaller;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Every tenant's exports, for operators. HTTP mapping only; the work is in {@link AdminExportService}. */
@Path("/api/admin/exports")
@Tag(name = Operators.TAG)
@RolesAllowed(Operators.ROLE)
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "401", description = "No valid bearer token")
@APIResponse(responseCode = "403", description = "The caller does not have the role operator")
public class AdminExportResource {

    private final AdminExportService exports;
    private final CurrentCaller caller;

    public AdminExportResource(AdminExportService exports, CurrentCaller caller) {
        this.exports = exports;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "Every tenant's exports, newest first",
            description = "All filters are optional and combined; from/to bound createdAt (ISO instants, to exclusive)."
                    + " Cursor pagination: pass nextCursor back. No download link is ever part of the answer.")
    @APIResponse(responseCode = "200", description = "{ items: [AdminJob], nextCursor }")
    @APIResponse(responseCode = "400", description = "A bad filter; every one is named in errors")
    public Page<AdminJob> list(@QueryParam("status") String status, @QueryParam("tenant") String tenant,
            @QueryParam("user") String user, @QueryParam("dataset") String dataset,
            @QueryParam("errorCode") String errorCode, @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("cursor") String cursor, @QueryParam("limit") String limit) {
        // The token must name the operator (sub, email, tenant) like any caller's: a 401 naming the claim otherwise.
        caller.get();
        return exports.list(AdminJobFilter.parse(status, tenant, user, dataset, errorCode, from, to, cursor, limit));
    }

    @POST
    @Path("{id}/retry")
    @Operation(summary = "Run a FAILED export again",
            description = "A new generation: QUEUED, generation + 1, a new ExportRequested. Audited.")
    @APIResponse(responseCode = "202", description = "The job, QUEUED in its new generation")
    @APIResponse(responseCode = "404", description = "No such export")
    @APIResponse(responseCode = "409", description = "The export is not FAILED, or its owner may no longer use it")
    public Response retry(@PathParam("id") String id) {
        return Response.accepted(exports.retry(operator(), ExportJobResource.jobId(id))).build();
    }

    @POST
    @Path("{id}/cancel")
    @Operation(summary = "Cancel a queued or running export", description = "The owner's rules; the worker confirms. Audited.")
    @APIResponse(responseCode = "202", description = "The job, CANCELLING")
    @APIResponse(responseCode = "200", description = "The job, already CANCELLING or CANCELLED")
    @APIResponse(responseCode = "404", description = "No such export")
    @APIResponse(responseCode = "409", description = "The export has already ended")
    public Response cancel(@PathParam("id") String id) {
        AdminExportService.Cancellation cancellation = exports.cancel(operator(), ExportJobResource.jobId(id));
        return Response.status(cancellation.askedNow() ? Response.Status.ACCEPTED : Response.Status.OK)
                .entity(cancellation.job()).build();
    }

    @POST
    @Path("{id}/resend")
    @Operation(summary = "Email the owner the link again",
            description = "Always to the export's owner, never to the operator; the owner's resend interval applies. Audited.")
    @APIResponse(responseCode = "202", description = "The job")
    @APIResponse(responseCode = "404", description = "No such export")
    @APIResponse(responseCode = "409", description = "Not SUCCEEDED, or its owner may no longer use it")
    @APIResponse(responseCode = "410", description = "The file expired or the export was deleted")
    @APIResponse(responseCode = "429", description = "Sent again moments ago; see Retry-After")
    public Response resend(@PathParam("id") String id) {
        return Response.accepted(exports.resend(operator(), ExportJobResource.jobId(id))).build();
    }

    private String operator() {
        return caller.get().userId();
    }
}
