package dev.exportflow.api.admin;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import dev.exportflow.api.job.JobStatus;
import dev.exportflow.api.job.PageCursor;
import dev.exportflow.api.problem.ProblemException;
import dev.exportflow.events.dataset.Violation;

/**
 * The query of {@code GET /api/admin/exports}, checked as a whole: every bad filter is named in one 400.
 *
 * @param from inclusive lower bound of {@code createdAt}; null: none
 * @param to exclusive upper bound of {@code createdAt}; null: none
 * @param after where the previous page ended; null: the first page
 */
public record AdminJobFilter(JobStatus status, String tenant, String user, String dataset, String errorCode,
        Instant from, Instant to, PageCursor after, int limit) {

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;
    static final int MAX_ID = 255;
    static final int MAX_NAME = 64;
    private static final Pattern ERROR_CODE = Pattern.compile("[A-Za-z0-9_]{1,64}");

    /** @throws ProblemException 400 naming every bad field */
    public static AdminJobFilter parse(String status, String tenant, String user, String dataset, String errorCode,
            String from, String to, String cursor, String limit) {
        List<Violation> violations = new ArrayList<>();
        JobStatus parsedStatus = status(status, violations);
        String parsedTenant = identifier("tenant", tenant, MAX_ID, violations);
        String parsedUser = identifier("user", user, MAX_ID, violations);
        String parsedDataset = identifier("dataset", dataset, MAX_NAME, violations);
        String parsedCode = blank(errorCode) ? null : errorCode.trim();
        if (parsedCode != null && !ERROR_CODE.matcher(parsedCode).matches()) {
            violations.add(new Violation("errorCode", "must be an error code such as QUERY_TIMEOUT (letters, digits, _)"));
            parsedCode = null;
        }
        Instant parsedFrom = instant("from", from, violations);
        Instant parsedTo = instant("to", to, violations);
        if (parsedFrom != null && parsedTo != null && !parsedFrom.isBefore(parsedTo)) {
            violations.add(new Violation("to", "must be after from"));
        }
        PageCursor after = null;
        if (!blank(cursor)) {
            try {
                after = PageCursor.decode(cursor.trim());
            } catch (ProblemException e) {
                violations.add(new Violation("cursor", "is not a cursor returned by this API"));
            }
        }
        int parsedLimit = QueryLimit.parse(limit, DEFAULT_LIMIT, MAX_LIMIT, violations);
        if (!violations.isEmpty()) {
            throw ProblemException.validation(violations);
        }
        return new AdminJobFilter(parsedStatus, parsedTenant, parsedUser, parsedDataset, parsedCode, parsedFrom, parsedTo,
                after, parsedLimit);
    }

    private static JobStatus status(String text, List<Violation> violations) {
        if (blank(text)) {
            return null;
        }
        try {
            return JobStatus.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            violations.add(new Violation("status", "must be one of " + Arrays.toString(JobStatus.values())));
            return null;
        }
    }

    /** Names and ids are matched exactly; a value no job can have is refused rather than searched for. */
    private static String identifier(String field, String text, int maxLength, List<Violation> violations) {
        if (blank(text)) {
            return null;
        }
        String value = text.trim();
        if (value.length() > maxLength) {
            violations.add(new Violation(field, "must be at most " + maxLength + " characters long"));
            return null;
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            violations.add(new Violation(field, "must not contain control characters"));
            return null;
        }
        return value;
    }

    private static Instant instant(String field, String text, List<Violation> violations) {
        if (blank(text)) {
            return null;
        }
        try {
            return Instant.parse(text.trim());
        } catch (DateTimeParseException e) {
            violations.add(new Violation(field, "must be an ISO 8601 instant such as 2026-01-31T10:00:00Z"));
            return null;
        }
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
