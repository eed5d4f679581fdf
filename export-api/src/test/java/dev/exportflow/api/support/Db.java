package dev.exportflow.api.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.postgresql.ds.PGSimpleDataSource;

import dev.exportflow.devstack.DevStack;
import dev.exportflow.devstack.Endpoints;

/** Plain SQL against the api's database, to assert what was (or was not) stored. */
public final class Db {

    private final DataSource dataSource;

    public Db(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The api's database of a devstack, for tests that run the api as a process of its own. */
    public static Db jobs(DevStack stack) {
        PGSimpleDataSource jobs = new PGSimpleDataSource();
        jobs.setUrl(stack.endpoints().jdbcUrl(Endpoints.JOBS_DATABASE));
        jobs.setUser(Endpoints.SERVICE_USER);
        jobs.setPassword(Endpoints.SERVICE_PASSWORD);
        return new Db(jobs);
    }

    /** What a test does with rows nobody else may see. */
    @FunctionalInterface
    public interface Uncommitted {
        void run(Connection db) throws Exception;
    }

    /**
     * Runs {@code work} on a connection of its own in a transaction that is always rolled back: the rows it writes are
     * never committed, so nothing else of the running api sees them (the tests of a query's cost).
     */
    public void rolledBack(Uncommitted work) throws Exception {
        try (Connection db = dataSource.getConnection()) {
            db.setAutoCommit(false);
            try {
                work.run(db);
            } finally {
                db.rollback();
            }
        }
    }

    /** A connection of the caller's own, for a test that holds a session's lock across other calls. */
    public Connection open() throws SQLException {
        return dataSource.getConnection();
    }

    public long count(String sql, Object... parameters) {
        return ((Number) one(sql, parameters).values().iterator().next()).longValue();
    }

    public Map<String, Object> one(String sql, Object... parameters) {
        List<Map<String, Object>> rows = rows(sql, parameters);
        if (rows.size() != 1) {
            throw new AssertionError("expected one row, got " + rows.size() + " for " + sql);
        }
        return rows.get(0);
    }

    public List<Map<String, Object>> rows(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            if (!statement.execute()) {
                return rows;
            }
            try (ResultSet result = statement.getResultSet()) {
                while (result.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int column = 1; column <= result.getMetaData().getColumnCount(); column++) {
                        row.put(result.getMetaData().getColumnLabel(column), result.getObject(column));
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public int update(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
