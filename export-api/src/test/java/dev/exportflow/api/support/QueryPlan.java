package dev.exportflow.api.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What PostgreSQL did to run a statement ({@code EXPLAIN (ANALYZE, BUFFERS)}): the tests of a query's cost assert the
 * buffers it read, which, unlike its time, do not depend on the machine's speed.
 */
public record QueryPlan(JsonNode top) {

    /** Runs {@code sql} on {@code db}, in its transaction, and returns its plan. */
    public static QueryPlan analyze(Connection db, String sql) throws SQLException, JsonProcessingException {
        try (PreparedStatement explain = db.prepareStatement("explain (analyze, buffers, format json) " + sql);
                ResultSet result = explain.executeQuery()) {
            result.next();
            return new QueryPlan(new ObjectMapper().readTree(result.getString(1)).path(0).path("Plan"));
        }
    }

    /**
     * Fresh statistics of {@code table}, in {@code db}'s transaction, counting its uncommitted rows: a test's plan must
     * not depend on what autovacuum last saw.
     */
    public static void refreshStatistics(Connection db, String table) throws SQLException {
        try (Statement analyze = db.createStatement()) {
            analyze.execute("analyze " + table);
        }
    }

    public int rows() {
        return top.path("Actual Rows").asInt();
    }

    /** Shared buffers the whole statement read, from the cache or from disk. */
    public long buffersRead() {
        return top.path("Shared Hit Blocks").asLong() + top.path("Shared Read Blocks").asLong();
    }
}
