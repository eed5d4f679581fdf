package dev.exportflow.notifier.delivery.messaging;

import java.util.Locale;
import java.util.Optional;

import dev.exportflow.events.ExportCompleted;
import dev.exportflow.events.ExportEvent;
import dev.exportflow.events.ExportFailed;
import dev.exportflow.events.ExportResendRequested;
import dev.exportflow.events.Requester;
import dev.exportflow.notifier.delivery.EmailKind;
import dev.exportflow.notifier.delivery.messaging.Refusal.Reason;
import dev.exportflow.notifier.mail.EmailSender;

/**
 * Decides whether an event is one the notifier may email about. Kafka records are untrusted: the job must be named,
 * a "ready" email needs a requester with a plausible address (a failure email without one is recorded and fails
 * visibly), a resend needs its request id, and every text the email shows is bounded and free of control and
 * bidirectional-override characters (header injection, spoofed file names) and of web addresses (mail clients turn
 * them into links; no service puts one there). Links are never taken from an event: the download link is signed here
 * for the event's job and generation.
 */
public final class EventValidator {

    /** RFC 5321's limit for a forward path, less the angle brackets. */
    static final int MAX_ADDRESS = 254;
    static final int MAX_NAME = 200;
    static final int MAX_FILE_NAME = 255;
    static final int MAX_MESSAGE = 2000;
    /** Language tags and time-zone ids. */
    static final int MAX_TAG = 64;

    private EventValidator() {
    }

    /** Why {@code event} must be refused, or empty when the notifier may act on it. */
    public static Optional<Refusal> check(EmailKind kind, ExportEvent event) {
        if (event.jobId() == null) {
            return refuse(Reason.JOB_ID, "the event names no job");
        }
        if (event.generation() < 1) {
            return refuse(Reason.GENERATION, "generation " + event.generation() + " is below 1");
        }
        return switch (kind) {
            case COMPLETED -> completed((ExportCompleted) event);
            case RESEND -> resend((ExportResendRequested) event);
            case FAILED -> failed((ExportFailed) event);
        };
    }

    private static Optional<Refusal> completed(ExportCompleted event) {
        return firstOf(requester(event.requester(), true),
                ready(event.dataset(), event.datasetTitle(), event.fileName(), event.rows(), event.bytes()));
    }

    private static Optional<Refusal> resend(ExportResendRequested event) {
        if (event.requestId() == null) {
            return refuse(Reason.REQUEST_ID, "the resend names no request");
        }
        return firstOf(requester(event.requester(), true),
                ready(event.dataset(), event.datasetTitle(), event.fileName(), event.rows(), event.bytes()));
    }

    private static Optional<Refusal> failed(ExportFailed event) {
        return firstOf(requester(event.requester(), false), name("dataset", event.dataset(), MAX_NAME),
                name("datasetTitle", event.datasetTitle(), MAX_NAME), text("message", event.message(), MAX_MESSAGE));
    }

    private static Optional<Refusal> requester(Requester requester, boolean addressRequired) {
        String address = requester == null ? null : requester.email();
        if (address == null || address.isBlank()) {
            return addressRequired ? refuse(Reason.REQUESTER, "the event names no requester address") : Optional.empty();
        }
        Optional<Refusal> shape = line("requester.email", address, MAX_ADDRESS);
        if (shape.isPresent()) {
            return shape;
        }
        if (!EmailSender.isAddress(address)) {
            return refuse(Reason.ADDRESS, "requester.email is no email address");
        }
        return firstOf(line("requester.locale", requester.locale(), MAX_TAG),
                line("requester.timeZone", requester.timeZone(), MAX_TAG));
    }

    private static Optional<Refusal> ready(String dataset, String datasetTitle, String fileName, long rows, long bytes) {
        if (rows < 0 || bytes < 0) {
            return refuse(Reason.NEGATIVE_SIZE, "rows " + rows + ", bytes " + bytes);
        }
        return firstOf(name("dataset", dataset, MAX_NAME), name("datasetTitle", datasetTitle, MAX_NAME),
                name("fileName", fileName, MAX_FILE_NAME));
    }

    /** A value on one line (an address, a language tag): no control character at all. */
    private static Optional<Refusal> line(String field, String value, int maxLength) {
        return bounded(field, value, maxLength, false, false);
    }

    /** A name the email shows as text: one line, no web address. */
    private static Optional<Refusal> name(String field, String value, int maxLength) {
        return bounded(field, value, maxLength, false, true);
    }

    /** A text of several lines the email shows: line feeds, carriage returns and tabs allowed, no web address. */
    private static Optional<Refusal> text(String field, String value, int maxLength) {
        return bounded(field, value, maxLength, true, true);
    }

    private static Optional<Refusal> bounded(String field, String value, int maxLength, boolean multiLine,
            boolean shown) {
        if (value == null) {
            return Optional.empty();
        }
        if (value.length() > maxLength) {
            return refuse(Reason.TOO_LONG, field + " has " + value.length() + " characters, at most " + maxLength
                    + " are allowed");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean allowedBreak = multiLine && (c == '\n' || c == '\r' || c == '\t');
            if (!allowedBreak && isForbidden(c)) {
                return refuse(Reason.CONTROL_CHARACTER, field + " holds U+" + String.format("%04X", (int) c)
                        + " at position " + i);
            }
        }
        String lower = value.toLowerCase(Locale.ROOT);
        if (shown && (lower.contains("://") || lower.contains("www."))) {
            return refuse(Reason.LINK, field + " holds a web address");
        }
        return Optional.empty();
    }

    /** Control characters, line and paragraph separators, and the bidirectional overrides and isolates. */
    private static boolean isForbidden(char c) {
        return Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || (c >= '\u202A' && c <= '\u202E')
                || (c >= '\u2066' && c <= '\u2069');
    }

    @SafeVarargs
    private static Optional<Refusal> firstOf(Optional<Refusal>... checks) {
        for (Optional<Refusal> check : checks) {
            if (check.isPresent()) {
                return check;
            }
        }
        return Optional.empty();
    }

    private static Optional<Refusal> refuse(Reason reason, String detail) {
        return Optional.of(new Refusal(reason, detail));
    }
}
