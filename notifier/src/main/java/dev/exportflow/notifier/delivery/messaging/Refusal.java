package dev.exportflow.notifier.delivery.messaging;

import java.util.Locale;

/**
 * Why the notifier will not act on a record.
 *
 * @param detail what exactly is wrong, for the log and the DLQ header; never the record's text itself
 */
public record Refusal(Reason reason, String detail) {

    /** The {@code reason} tag of {@code exportflow_events_refused_total}. */
    public enum Reason {
        /** Not JSON, or no event of a type the notifier emails about. */
        UNREADABLE,
        /** No job id. */
        JOB_ID,
        /** No generation, or one below 1. */
        GENERATION,
        /** No requester where the email needs one. */
        REQUESTER,
        /** An address that is clearly no address. */
        ADDRESS,
        /** A resend without its request id. */
        REQUEST_ID,
        /** A text the email shows is longer than any real one. */
        TOO_LONG,
        /** A text the email shows holds control or bidirectional-override characters. */
        CONTROL_CHARACTER,
        /** A text the email shows holds a web address, which mail clients would turn into a link. */
        LINK,
        /** A negative row count or size. */
        NEGATIVE_SIZE,
        /** Valid, yet the delivery log refused it for good (not an outage). */
        UNRECORDABLE;

        /** e.g. {@code too-long} */
        public String tag() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** For the log and the {@code dead-letter-reason} header, e.g. {@code refused (too-long): fileName has 300 characters} */
    public String describe() {
        return "refused (" + reason.tag() + "): " + detail;
    }
}
