package dev.exportflow.worker.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.exportflow.devstack.Endpoints;

/** The demo orders of a tenant read straight from the shop database, formatted as the file should show them. */
public final class ShopRows {

    private ShopRows() {
    }

    public static List<List<String>> orders(String tenant, ZoneId zone) {
        String sql = """
                select o.id, o.ordered_at, o.status, c.name, c.email, c.country, o.item_count, o.total, o.currency, o.note
                from shop.orders o join shop.customers c on c.id = o.customer_id
                where o.tenant_id = ? order by o.id""";
        try (Connection connection = connect(); PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, tenant);
            List<List<String>> rows = new ArrayList<>();
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    String note = result.getString(10);
                    rows.add(Arrays.asList(
                            Long.toString(result.getLong(1)),
                            DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                                    result.getObject(2, OffsetDateTime.class).atZoneSameInstant(zone)),
                            result.getString(3),
                            result.getString(4),
                            result.getString(5),
                            result.getString(6),
                            Integer.toString(result.getInt(7)),
                            result.getBigDecimal(8).toPlainString(),
                            result.getString(9),
                            note == null ? "" : defused(note)));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String defused(String text) {
        return !text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0 ? "'" + text : text;
    }

    public static Connection connect() throws SQLException {
        Endpoints endpoints = WorkerTestStack.stack().endpoints();
        return DriverManager.getConnection(endpoints.jdbcUrl(Endpoints.SHOP_DATABASE), Endpoints.SERVICE_USER,
                Endpoints.SERVICE_PASSWORD);
    }
}
