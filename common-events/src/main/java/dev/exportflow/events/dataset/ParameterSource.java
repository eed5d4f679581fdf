package dev.exportflow.events.dataset;

/** Where a dataset parameter gets its value. Caller-bound values never come from a request body. */
public enum ParameterSource {
    /** The request body's {@code parameters}. */
    REQUEST,
    /** The verified caller's user id (JWT {@code sub}). */
    REQUESTER_ID,
    /** The verified caller's tenant (JWT {@code tenant} claim). */
    TENANT_ID
}
