package dev.exportflow.notifier.mail;

/** How one attempt to hand an email to the SMTP server ended. */
public sealed interface SendResult {

    static SendResult sent() {
        return new Sent();
    }

    /** Worth trying again later: the server was unreachable, busy or answered 4xx. */
    static SendResult transientFailure(String reason) {
        return new Failed(false, reason);
    }

    /** Trying again cannot help: a 5xx answer or an address that is not one. */
    static SendResult permanentFailure(String reason) {
        return new Failed(true, reason);
    }

    /** The server accepted the email for delivery. */
    record Sent() implements SendResult {
    }

    /**
     * @param reason what happened, in words a person understands; shown on the job
     */
    record Failed(boolean permanent, String reason) implements SendResult {
    }
}
