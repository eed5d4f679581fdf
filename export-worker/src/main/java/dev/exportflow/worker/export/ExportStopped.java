package dev.exportflow.worker.export;

/** A running export was told to stop; {@link #reason()} says what to do with the job. */
final class ExportStopped extends Exception {

    /** Why an export stops before its end. */
    enum Reason {
        /** The owner asked: abort the upload, publish ExportCancelled. */
        CANCELLED,
        /** This replica shuts down: abort the upload, put the job back in the queue for another replica. */
        HANDED_BACK,
        /** Another replica took the job over after this one's lease expired: abort quietly, publish nothing. */
        LEASE_LOST
    }

    private final Reason reason;

    ExportStopped(Reason reason) {
        super(reason.name(), null, false, false);
        this.reason = reason;
    }

    Reason reason() {
        return reason;
    }
}
