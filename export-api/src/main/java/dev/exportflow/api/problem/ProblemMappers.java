package dev.exportflow.api.problem;

import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import dev.exportflow.api.job.StoreFailures;

import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns every failure into problem+json; nothing internal (stack traces, SQL) ever reaches a client. */
public class ProblemMappers {

    static final int MAX_ECHOED_PATH = 64;

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        Response.ResponseBuilder response = respond(e.problem());
        e.headers().forEach(response::header);
        return response.build();
    }

    @ServerExceptionMapper
    public Response bodyTooLarge(StreamedBodyLimit.BodyTooLargeException e) {
        return problem(e.problem());
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class,
            AuthenticationCompletionException.class})
    public Response unauthorized(RuntimeException e) {
        return respond(new Problem(Problem.TYPE_BASE + "unauthorized", "Unauthorized", 401,
                "A valid bearer token is required.", null, null, null))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return respond(new Problem(Problem.TYPE_BASE + "forbidden", "Forbidden", 403,
                "You are not allowed to do this.", null, null, null)).build();
    }

    @ServerExceptionMapper
    public Response unknownField(UnrecognizedPropertyException e) {
        return unreadableBody(e);
    }

    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        return unreadableBody(e);
    }

    @ServerExceptionMapper
    public Response unreadableBody(JsonProcessingException e) {
        List<Problem.FieldError> errors = null;
        if (e instanceof UnrecognizedPropertyException unknown) {
            errors = List.of(new Problem.FieldError(path(unknown), "is not a field of this request"));
        } else if (e instanceof MismatchedInputException mismatched && !mismatched.getPath().isEmpty()) {
            errors = List.of(new Problem.FieldError(path(mismatched), "has the wrong type"));
        }
        return respond(new Problem(Problem.TYPE_BASE + "malformed-body", "The request body is not valid", 400,
                "The request body must be a JSON object as described in the API documentation.", null, errors, null))
                .build();
    }

    /** The field's path as the client wrote it, cut short: it is echoed back, and a name can be 64 KB long. */
    private static String path(MismatchedInputException e) {
        String path = e.getPath().stream()
                .map(reference -> reference.getFieldName() != null ? reference.getFieldName()
                        : Integer.toString(reference.getIndex()))
                .collect(Collectors.joining("."));
        return path.length() > MAX_ECHOED_PATH ? path.substring(0, MAX_ECHOED_PATH) + "…" : path;
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return internal(e);
        }
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadableBody(json);
        }
        Response.StatusType reason = Response.Status.fromStatusCode(status);
        String title = reason == null ? "HTTP " + status : reason.getReasonPhrase();
        Response.ResponseBuilder response = respond(new Problem("about:blank", title, status, detailFor(status), null, null,
                null));
        e.getResponse().getHeaders().forEach((name, values) -> {
            if (!HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name) && !HttpHeaders.CONTENT_LENGTH.equalsIgnoreCase(name)) {
                values.forEach(value -> response.header(name, value));
            }
        });
        return response.build();
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response internal(Throwable e) {
        if (StoreFailures.unavailable(e)) {
            // an outage, not a fault of the request or of the code: the same request succeeds once it is over
            Log.warnf("a request failed because the job store is unavailable: %s", e.getMessage());
            return problem(ProblemException.storeUnavailable());
        }
        String reference = UUID.randomUUID().toString();
        Log.errorf(e, "unexpected error, reference %s", reference);
        return respond(new Problem(Problem.TYPE_BASE + "internal", "Internal Server Error", 500,
                "Something went wrong on our side. Reference: " + reference, null, null, null)).build();
    }

    private static String detailFor(int status) {
        return switch (status) {
            case 400 -> "The request is not valid.";
            case 404 -> "There is nothing at this address.";
            case 405 -> "This method is not allowed here.";
            case 406 -> "No representation in an accepted media type.";
            case 413 -> "The request body is too large.";
            case 415 -> "Send the body as application/json.";
            default -> "The request could not be handled.";
        };
    }

    private static Response.ResponseBuilder respond(Problem problem) {
        return Response.status(problem.getStatus()).type(Problem.MEDIA_TYPE).entity(problem);
    }
}
