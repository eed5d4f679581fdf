package dev.exportflow.api.problem;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.exportflow.events.dataset.Violation;

/** Ends a request with a problem+json answer. Thrown by services; mapped by {@link ProblemMappers}. */
public class ProblemException extends RuntimeException {

    /** How soon to try again after the job store was unavailable: a restart or a failover takes seconds. */
    static final String STORE_RETRY_AFTER_SECONDS = "5";

    private final transient Problem problem;
    private final transient Map<String, String> headers;

    public ProblemException(Problem problem, Map<String, String> headers) {
        super(problem.getTitle() + ": " + problem.getDetail());
        this.problem = problem;
        this.headers = Map.copyOf(headers);
    }

    public ProblemException(Problem problem) {
        this(problem, Map.of());
    }

    public Problem problem() {
        return problem;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public static ProblemException of(int status, String slug, String title, String detail) {
        return new ProblemException(new Problem(Problem.TYPE_BASE + slug, title, status, detail, null, null, null));
    }

    public static ProblemException validation(List<Violation> violations) {
        List<Problem.FieldError> errors = violations.stream()
                .map(violation -> new Problem.FieldError(violation.field(), violation.message()))
                .toList();
        String detail = errors.size() == 1 ? "1 field of the request is not valid."
                : errors.size() + " fields of the request are not valid.";
        return new ProblemException(new Problem(Problem.TYPE_BASE + "validation", "The request is not valid", 400, detail,
                null, errors, null));
    }

    public static ProblemException notFound(String what) {
        return of(404, "not-found", "Not found", what);
    }

    /** The job store is unavailable: an outage the caller waits out, not a fault (a restart or failover takes seconds). */
    public static ProblemException storeUnavailable() {
        Problem problem = new Problem(Problem.TYPE_BASE + "store-unavailable", "Service Unavailable", 503,
                "The job store is unavailable (cannot be reached, or takes no writes). Try again in a few seconds; a POST"
                        + " sent again with the same Idempotency-Key never creates a second export.", null, null, null);
        return new ProblemException(problem, Map.of("Retry-After", STORE_RETRY_AFTER_SECONDS));
    }

    public static ProblemException tooManyActive(int limit, List<String> activeJobIds, Duration retryAfter) {
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("activeJobs", activeJobIds);
        extensions.put("limit", limit);
        Problem problem = new Problem(Problem.TYPE_BASE + "too-many-active-exports", "Too many exports running", 429,
                "You already have " + activeJobIds.size() + " exports queued or running (at most " + limit
                        + "). Wait for one to finish or cancel one, then try again.",
                null, null, extensions);
        return new ProblemException(problem, Map.of("Retry-After", Long.toString(Math.max(1, retryAfter.toSeconds()))));
    }
}
