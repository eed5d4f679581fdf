package dev.exportflow.api.job;

/**
 * A worker or notifier report that is not applied, ever: it breaks a rule of {@link ReportCheck}, names an unknown
 * job, or holds a value the job store cannot take. The consumer logs, counts and acknowledges it.
 */
public class RefusedEventException extends RuntimeException {

    private final String reason;

    /**
     * @param reason a short fixed word for the metric tag, e.g. {@code requester-mismatch}
     * @param detail what exactly was wrong, for the log
     */
    public RefusedEventException(String reason, String detail) {
        this(reason, detail, null);
    }

    public RefusedEventException(String reason, String detail, Throwable cause) {
        super(detail, cause);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
