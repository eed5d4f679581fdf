package dev.exportflow.api.job;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.exportflow.api.download.AcceptHeader;
import dev.exportflow.api.download.DownloadService;
import dev.exportflow.api.live.JobStream;
import dev.exportflow.api.problem.ProblemException;
import dev.exportflow.api.security.CurrentCaller;
import dev.exportflow.events.dataset.Violation;

import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestStreamElementType;

/** The caller's export jobs. HTTP mapping only; the work is in {@link ExportJobService}. */
@Path("/api/exports")
@Tag(name = "Exports")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class ExportJobResource {

    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    public static final String REPLAYED = "Idempotent-Replayed";

    private final ExportJobService jobs;
    private final ExportDeletion deletion;
    private final DownloadService downloads;
    private final JobStream stream;
    private final CurrentCaller caller;

    public ExportJobResource(ExportJobService jobs, ExportDeletion deletion, DownloadService downloads, JobStream stream,
            CurrentCaller caller) {
        this.jobs = jobs;
        this.deletion = deletion;
        this.downloads = downloads;
        this.stream = stream;
        this.caller = caller;
    }

    /** Starts an export: {@code 202}, {@code Location} and the job, at once; the file comes later. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Start an export", description = "Answers at once with the queued job; honours Idempotency-Key.")
    @APIResponse(responseCode = "202", description = "Accepted: the job, with its address in Location")
    @APIResponse(responseCode = "400", description = "Invalid request; every bad field is named")
    @APIResponse(responseCode = "401", description = "No valid bearer token, or a required claim is missing (named)")
    @APIResponse(responseCode = "403", description = "Dataset not allowed for the caller's roles")
    @APIResponse(responseCode = "413", description = "Body over 64 KB, announced or chunked")
    @APIResponse(responseCode = "422", description = "Idempotency-Key reused with a different request")
    @APIResponse(responseCode = "429", description = "Too many active exports; see Retry-After and activeJobs")
    @APIResponse(responseCode = "503",
            description = "The job store is unavailable (unreachable, out of resources, or taking no writes); see Retry-After")
    public Response create(CreateExportRequest request, @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey) {
        ExportJobService.Creation creation = jobs.create(caller.get(), request, idempotencyKey);
        Response.ResponseBuilder response = Response.accepted(creation.job())
                .location(URI.create(JobView.path(creation.job().id())));
        if (creation.outcome() == ExportJobService.Outcome.REPLAYED) {
            response.header(REPLAYED, "true");
        }
        return response.build();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One of the caller's exports", description = "Another user's export is 404.")
    public JobView get(@PathParam("id") String id) {
        return jobs.get(caller.get(), jobId(id));
    }

    @GET
    @Operation(summary = "The caller's exports, newest first", description = "Cursor pagination: pass nextCursor back.")
    public ExportJobService.Page list(@QueryParam("status") String status, @QueryParam("limit") @DefaultValue("20") String limit,
            @QueryParam("cursor") String cursor) {
        return jobs.list(caller.get(), status(status), limit(limit), cursor);
    }

    @POST
    @Path("{id}/cancel")
    @Operation(summary = "Cancel a queued or running export", description = "Idempotent; the worker confirms.")
    public Response cancel(@PathParam("id") String id) {
        JobView job = jobs.cancel(caller.get(), jobId(id));
        return Response.status(job.status() == JobStatus.CANCELLING ? Response.Status.ACCEPTED : Response.Status.OK)
                .entity(job)
                .build();
    }

    /**
     * For the owner: {@code 302} to a presigned URL of the file that lives at most a minute. A client that asks for
     * JSON (a browser script, which cannot read a cross-origin redirect) gets {@code {"url": …}} instead.
     */
    @GET
    @Path("{id}/download")
    @Operation(summary = "Download the file", description = "302 to a presigned URL valid for at most 60 s.")
    @APIResponse(responseCode = "302", description = "To a presigned URL of the file")
    @APIResponse(responseCode = "403", description = "The caller's own export, which they may no longer use")
    @APIResponse(responseCode = "404", description = "No such export of the caller")
    @APIResponse(responseCode = "409", description = "Not SUCCEEDED yet")
    @APIResponse(responseCode = "410", description = "The file expired or the export was deleted")
    @Produces({MediaType.WILDCARD, MediaType.APPLICATION_JSON})
    public Response download(@PathParam("id") String id, @Context HttpHeaders headers) {
        CacheControl noStore = new CacheControl();
        noStore.setNoStore(true);
        String url = downloads.forOwner(caller.get(), jobId(id));
        if (wantsJson(headers)) {
            return Response.ok(new DownloadUrl(url)).type(MediaType.APPLICATION_JSON_TYPE).cacheControl(noStore).build();
        }
        return Response.status(Response.Status.FOUND).location(URI.create(url)).cacheControl(noStore).build();
    }

    /** A presigned URL for a script; it expires within a minute. */
    public record DownloadUrl(String url) {
    }

    private static boolean wantsJson(HttpHeaders headers) {
        List<MediaType> accepted = AcceptHeader.typesOf(headers);
        return !accepted.isEmpty() && MediaType.APPLICATION_JSON_TYPE.isCompatible(accepted.get(0))
                && !accepted.get(0).isWildcardType();
    }

    /** Emails the link of a finished export again. */
    @POST
    @Path("{id}/resend")
    @Operation(summary = "Email the download link again")
    @APIResponse(responseCode = "403", description = "The caller's own export, which they may no longer use")
    public Response resend(@PathParam("id") String id) {
        return Response.accepted(jobs.resend(caller.get(), jobId(id))).build();
    }

    /** Deletes an ended export: the job shows DELETED, its links answer 410 at once, its file is deleted. */
    @DELETE
    @Path("{id}")
    @Operation(summary = "Delete an ended export", description = "The job becomes DELETED and its file is deleted; "
            + "its download and emailed links answer 410 from then on. Deleting it again is harmless.")
    @APIResponse(responseCode = "200", description = "The job, DELETED")
    @APIResponse(responseCode = "404", description = "No such export of the caller")
    @APIResponse(responseCode = "409", description = "Still QUEUED, RUNNING or CANCELLING: cancel it first")
    public JobView delete(@PathParam("id") String id) {
        return deletion.delete(caller.get(), jobId(id));
    }

    /** Server-sent events: the job whenever it changes, until it ends. */
    @GET
    @Path("{id}/events")
    @Operation(summary = "Server-sent events of the job until it ends",
            description = "The stream also ends when the caller's token expires.")
    @APIResponse(responseCode = "403", description = "The caller's own export, which they may no longer use")
    @APIResponse(responseCode = "429", description = "Too many open event streams of this user")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Blocking
    public Multi<JobView> events(@PathParam("id") String id) {
        return stream.follow(caller.get(), jobId(id));
    }

    /** A path segment that is not a UUID names no job: 404, like an unknown id. */
    public static UUID jobId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("There is no export " + id + ".");
        }
    }

    private static JobStatus status(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        try {
            return JobStatus.valueOf(status.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.validation(List.of(new Violation("status",
                    "must be one of " + Arrays.toString(JobStatus.values()))));
        }
    }

    private static int limit(String limit) {
        try {
            int value = Integer.parseInt(limit.trim());
            if (value < 1 || value > 100) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw ProblemException.validation(List.of(new Violation("limit", "must be a whole number from 1 to 100")));
        }
    }
}
