package dev.exportflow.worker.claim;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.exportflow.events.ExportRequested;
import dev.exportflow.events.serde.EventJson;

/** Reads claims from rows of {@code export_claim}. */
final class ClaimRows {

    /** The columns {@link #read(ResultSet)} reads. */
    static final String COLUMNS = "job_id, generation, state, request, cancel_requested, owner, attempts, upload_id,"
            + " object_key, file_name, content_type, row_count, byte_count, sha256, error_code, error_message, retryable,"
            + " trace_parent, run_token, started_at";

    private static final String SELECT = "select " + COLUMNS + " from export_claim where job_id = ? and generation = ?";

    private static final String SELECT_FOR_UPDATE = "select " + COLUMNS
            + " from export_claim where job_id = ? and generation = ? for update";

    private ClaimRows() {
    }

    static Optional<Claim> find(Connection connection, JobKey key) throws SQLException {
        return first(connection, SELECT, key);
    }

    /** The claim of {@code key}, locked until the transaction ends; it must exist. */
    static Claim lock(Connection connection, JobKey key) throws SQLException {
        return first(connection, SELECT_FOR_UPDATE, key).orElseThrow();
    }

    /** Every claim the statement answers (a select, or a write {@code returning} the columns), with {@code values} bound. */
    static List<Claim> query(Connection connection, String sql, Object... values) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            ClaimJdbc.bind(select, values);
            List<Claim> claims = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    claims.add(read(rows));
                }
            }
            return claims;
        }
    }

    private static Optional<Claim> first(Connection connection, String sql, JobKey key) throws SQLException {
        return query(connection, sql, key.jobId(), key.generation()).stream().findFirst();
    }

    private static Claim read(ResultSet rows) throws SQLException {
        String request = rows.getString("request");
        String objectKey = rows.getString("object_key");
        StoredFile file = objectKey == null ? null : new StoredFile(objectKey, rows.getString("file_name"),
                rows.getString("content_type"), rows.getLong("row_count"), rows.getLong("byte_count"), rows.getString("sha256"));
        boolean retryableValue = rows.getBoolean("retryable");
        Boolean retryable = rows.wasNull() ? null : retryableValue;
        return new Claim(
                new JobKey(rows.getObject("job_id", UUID.class), rows.getInt("generation")),
                ClaimState.valueOf(rows.getString("state")),
                request == null ? null : EventJson.read(request.getBytes(StandardCharsets.UTF_8), ExportRequested.class),
                rows.getBoolean("cancel_requested"),
                rows.getString("owner"),
                rows.getInt("attempts"),
                rows.getString("upload_id"),
                file,
                rows.getString("error_code"),
                rows.getString("error_message"),
                retryable,
                rows.getString("trace_parent"),
                rows.getObject("run_token", UUID.class),
                instant(rows.getObject("started_at", OffsetDateTime.class)));
    }

    private static Instant instant(OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }
}
