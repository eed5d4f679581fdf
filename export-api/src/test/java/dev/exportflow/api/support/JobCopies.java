package dev.exportflow.api.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

/**
 * Many jobs in one statement, for the tests of a query's cost: copies of a job the api made, each with a new id and
 * the given columns changed.
 */
public final class JobCopies {

    private JobCopies() {
    }

    /**
     * Inserts {@code count} copies of {@code template} on {@code db}, in its transaction.
     *
     * @param fields the arguments of a {@code jsonb_build_object} naming the columns to change (the copy's number is
     *        {@code n}, from 1), e.g. {@code "'status', ?::text, 'created_at', now() - make_interval(secs => n)"}
     * @param values what the {@code ?} of {@code fields} stand for
     */
    public static void insert(Connection db, UUID template, int count, String fields, Object... values)
            throws SQLException {
        try (PreparedStatement copies = db.prepareStatement("insert into export_job select (copy).* from (select"
                + " jsonb_populate_record(j, jsonb_build_object('id', gen_random_uuid(), " + fields + ")) as copy"
                + " from export_job j, generate_series(1, ?) n where j.id = ?) copies")) {
            int i = 0;
            for (Object value : values) {
                copies.setObject(++i, value);
            }
            copies.setInt(++i, count);
            copies.setObject(++i, template);
            copies.executeUpdate();
        }
    }
}
