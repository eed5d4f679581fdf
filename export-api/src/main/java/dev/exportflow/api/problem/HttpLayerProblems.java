package dev.exportflow.api.problem;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.exportflow.api.job.JobLimitsConfig;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.quarkus.logging.Log;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses a body whose announced length is over {@code exportflow.limits.max-body-size} with the problem+json 413,
 * unread, on every path and ahead of the HTTP layer's own higher limit (which would answer with an empty 413). What
 * is no valid HTTP at all (a broken percent-encoding, a {@code Content-Length} that is no number) never gets this
 * far: the HTTP server itself answers it with an empty 400 and closes the connection.
 */
@ApplicationScoped
public class HttpLayerProblems {

    /** Before Quarkus's own body limit (route order -2), which answers with an empty 413. */
    private static final int BEFORE_THE_HTTP_LAYERS_LIMIT = -100;

    private final JobLimitsConfig limits;
    private final ObjectMapper json;

    public HttpLayerProblems(JobLimitsConfig limits, ObjectMapper json) {
        this.limits = limits;
        this.json = json;
    }

    void install(@Observes Router router) {
        router.route().order(BEFORE_THE_HTTP_LAYERS_LIMIT).handler(this::announcedLength);
    }

    private void announcedLength(RoutingContext context) {
        if (announced(context) > limits.maxBodySize()) {
            answer(context, bodyTooLarge(limits.maxBodySize()).problem());
            return;
        }
        context.next();
    }

    /** The announced length; -1 for none. The HTTP server already refused one that is no number, this is a safeguard. */
    private static long announced(RoutingContext context) {
        String length = context.request().getHeader(HttpHeaderNames.CONTENT_LENGTH);
        try {
            return length == null ? -1 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Answers and closes the connection: a body that was not read must not be taken for the next request. */
    private void answer(RoutingContext context, Problem problem) {
        String body;
        try {
            body = json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            Log.errorf(e, "could not write the problem %s", problem.getType());
            body = "{}";
        }
        context.response().setStatusCode(problem.getStatus())
                .putHeader(HttpHeaderNames.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaderNames.CONNECTION, "close")
                .end(body);
    }

    /** The 413 of a body over the limit, announced or found while reading it ({@link StreamedBodyLimit}). */
    static ProblemException bodyTooLarge(long maxBytes) {
        return ProblemException.of(413, "body-too-large", "The request body is too large",
                "Request bodies may be at most " + maxBytes + " bytes.");
    }
}
