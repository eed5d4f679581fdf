package dev.exportflow.api.problem;

import java.util.Optional;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import dev.exportflow.api.job.JobLimitsConfig;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses an announced body over {@code exportflow.limits.max-body-size} with a problem+json 413 before it is read.
 * A body without {@code Content-Length} (chunked) is stopped by {@link StreamedBodyLimit} as it is read.
 */
public class BodySizeLimit {

    private final JobLimitsConfig limits;

    public BodySizeLimit(JobLimitsConfig limits) {
        this.limits = limits;
    }

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> check(ContainerRequestContext request) {
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return Optional.empty();
        }
        try {
            if (Long.parseLong(length.trim()) > limits.maxBodySize()) {
                throw tooLarge(limits.maxBodySize());
            }
        } catch (NumberFormatException e) {
            throw ProblemException.of(400, "bad-content-length", "Bad Content-Length", "Content-Length is not a number.");
        }
        return Optional.empty();
    }

    static ProblemException tooLarge(long maxBytes) {
        return ProblemException.of(413, "body-too-large", "The request body is too large",
                "Request bodies may be at most " + maxBytes + " bytes.");
    }
}
