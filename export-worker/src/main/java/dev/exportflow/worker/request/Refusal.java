package dev.exportflow.worker.request;

import dev.exportflow.events.ErrorCodes;

/** Why a request is refused: the {@code reason} of {@code exportflow_events_refused_total}, and the code its job fails with. */
public enum Refusal {
    /** Not an export request at all (not JSON, another event type). */
    UNREADABLE("unreadable", ErrorCodes.INVALID_REQUEST),
    /** No job id, generation, dataset, requester or user id. */
    MISSING_FIELD("missing-field", ErrorCodes.INVALID_REQUEST),
    /** A field longer than any request of export-api has. */
    TOO_LONG("too-long", ErrorCodes.INVALID_REQUEST),
    UNKNOWN_DATASET("unknown-dataset", ErrorCodes.DATASET_UNKNOWN),
    /** The dataset is bound to the requester's tenant, and the request names none. */
    NO_TENANT("no-tenant", ErrorCodes.INVALID_REQUEST),
    /** Unsupported format, delimiter, time zone or null text. */
    INVALID_OPTIONS("invalid-options", ErrorCodes.INVALID_REQUEST),
    /** Parameters the catalog refuses: unknown, caller-bound, malformed, out of bounds. */
    INVALID_PARAMETERS("invalid-parameters", ErrorCodes.INVALID_PARAMETERS);

    private final String label;
    private final String errorCode;

    Refusal(String label, String errorCode) {
        this.label = label;
        this.errorCode = errorCode;
    }

    /** The metric's {@code reason} tag. */
    public String label() {
        return label;
    }

    public String errorCode() {
        return errorCode;
    }
}
