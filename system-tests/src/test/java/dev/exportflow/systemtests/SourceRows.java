package dev.exportflow.systemtests;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.util.Map;

import dev.exportflow.devstack.DevStack;
import dev.exportflow.devstack.Endpoints;

/** How many rows the {@code orders} dataset's query gives for a tenant and request parameters, counted in the source. */
final class SourceRows {

    /** The filter of the orders dataset (common-events' exportflow-datasets.properties), counted. */
    private static final String COUNT = """
            select count(*) from shop.orders o join shop.customers c on c.id = o.customer_id
            where o.tenant_id = ?
              and (cast(? as date) is null or o.ordered_at >= cast(? as date))
              and (cast(? as date) is null or o.ordered_at < cast(? as date) + 1)
              and (cast(? as text) is null or o.status = cast(? as text))
              and (cast(? as numeric) is null or o.total >= cast(? as numeric))""";

    private final DevStack stack;

    SourceRows(DevStack stack) {
        this.stack = stack;
    }

    long count(String tenant, Map<String, Object> parameters) throws SQLException {
        try (Connection connection = DriverManager.getConnection(stack.endpoints().jdbcUrl(Endpoints.SHOP_DATABASE),
                Endpoints.SERVICE_USER, Endpoints.SERVICE_PASSWORD);
                PreparedStatement query = connection.prepareStatement(COUNT)) {
            query.setString(1, tenant);
            bindTwice(query, 2, Types.DATE, date(parameters.get("from_date")));
            bindTwice(query, 4, Types.DATE, date(parameters.get("to_date")));
            bindTwice(query, 6, Types.VARCHAR, parameters.get("status"));
            Object minTotal = parameters.get("min_total");
            bindTwice(query, 8, Types.NUMERIC, minTotal == null ? null : new BigDecimal(minTotal.toString()));
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static Date date(Object value) {
        return value == null ? null : Date.valueOf(LocalDate.parse(value.toString()));
    }

    private static void bindTwice(PreparedStatement query, int first, int type, Object value) throws SQLException {
        for (int index = first; index < first + 2; index++) {
            if (value == null) {
                query.setNull(index, type);
            } else {
                query.setObject(index, value, type);
            }
        }
    }
}
