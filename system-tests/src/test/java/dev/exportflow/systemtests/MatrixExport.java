package dev.exportflow.systemtests;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One export the fault matrix put in flight: what it asks for, and who asked (a user and a mailbox of its own, so
 * that every email in that mailbox is about this job).
 *
 * @param id the job id the api answered with
 */
record MatrixExport(String scenario, String label, String email, String tenant, Map<String, Object> parameters,
        Map<String, Object> options, String token, String id) {

    /** The {@code POST /api/exports} body. */
    static Map<String, Object> body(Map<String, Object> parameters, Map<String, Object> options) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("dataset", "orders");
        body.put("format", "csv");
        body.put("parameters", parameters);
        body.put("options", options);
        return body;
    }

    boolean gzip() {
        return Boolean.TRUE.equals(options.get("gzip"));
    }

    boolean header() {
        return !Boolean.FALSE.equals(options.get("header"));
    }

    /** The object key prefix of every generation of the job. */
    String prefix() {
        return "exports/" + id + "/";
    }

    @Override
    public String toString() {
        return id + " (" + label + ")";
    }
}
