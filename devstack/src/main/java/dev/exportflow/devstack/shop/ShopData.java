package dev.exportflow.devstack.shop;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import dev.exportflow.devstack.DevStackException;
import dev.exportflow.devstack.Endpoints;

import org.jboss.logging.Logger;

/**
 * The demo {@code shop} schema and a generator that fills it fast with {@code generate_series}:
 * customers and orders spread over tenants, with notes that exercise every CSV corner case
 * (commas, quotes, line breaks, non-Latin text, formula-like text).
 */
public final class ShopData {

    /** The tenants demo data is spread over; the first is the demo user's. */
    public static final List<String> TENANTS = List.of("acme", "globex");
    public static final List<String> STATUSES = List.of("NEW", "PAID", "SHIPPED", "CANCELLED");

    private static final Logger LOG = Logger.getLogger(ShopData.class);

    private final Endpoints endpoints;

    public ShopData(Endpoints endpoints) {
        this.endpoints = endpoints;
    }

    /**
     * Creates the schema (idempotent), grants the worker's role read access, and gathers statistics for demo data
     * that was generated before they were kept (the data directory outlives versions).
     */
    public ShopData createSchema() {
        try (InputStream in = ShopData.class.getResourceAsStream("/shop/schema.sql");
                Connection connection = connect(); Statement sql = connection.createStatement()) {
            sql.execute(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            analyzeIfNeverAnalyzed(connection);
            return this;
        } catch (IOException | SQLException e) {
            throw new DevStackException("Cannot create the shop schema: " + e.getMessage(), e);
        }
    }

    public long orderCount(String tenant) {
        try (Connection connection = connect();
                PreparedStatement count = connection.prepareStatement("select count(*) from shop.orders where tenant_id = ?")) {
            count.setString(1, tenant);
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new DevStackException("Cannot count orders: " + e.getMessage(), e);
        }
    }

    /**
     * Adds orders until {@code tenant} has at least {@code orders} of them (the other demo
     * tenants get a tenth as many, so that tenant scoping is visible).
     *
     * @param withLines also write order lines (slower; the demo datasets do not need them)
     * @return how many orders were added for {@code tenant}
     */
    public long ensureOrders(String tenant, long orders, boolean withLines) {
        long missing = orders - orderCount(tenant);
        if (missing <= 0) {
            return 0;
        }
        long started = System.nanoTime();
        try (Connection connection = connect()) {
            connection.setAutoCommit(false);
            long firstCustomer = nextId(connection, "shop.customers");
            long customers = Math.max(10, missing / 20);
            insertCustomers(connection, tenant, firstCustomer, customers);
            long firstOrder = nextId(connection, "shop.orders");
            insertOrders(connection, tenant, firstOrder, missing, firstCustomer, customers);
            if (withLines) {
                insertLines(connection, firstOrder, missing);
            }
            connection.commit();
            analyze(connection);
        } catch (SQLException e) {
            throw new DevStackException("Cannot generate shop data: " + e.getMessage(), e);
        }
        LOG.infof("generated %d orders for tenant %s in %d ms", missing, tenant, (System.nanoTime() - started) / 1_000_000);
        return missing;
    }

    /**
     * Fresh planner statistics after a load. Without them PostgreSQL guesses a few thousand rows per tenant and picks
     * a plan that sorts the whole result before it sends the first row, so an export could not stream.
     */
    private static void analyze(Connection connection) throws SQLException {
        // Outside a transaction: statistics gathered in one that is never committed are thrown away.
        connection.setAutoCommit(true);
        try (Statement analyze = connection.createStatement()) {
            analyze.execute("analyze shop.customers");
            analyze.execute("analyze shop.orders");
        }
    }

    private static void analyzeIfNeverAnalyzed(Connection connection) throws SQLException {
        boolean analyzed;
        try (Statement sql = connection.createStatement(); ResultSet statistics = sql.executeQuery(
                "select count(*) > 0 from pg_stats where schemaname = 'shop' and tablename = 'orders'")) {
            statistics.next();
            analyzed = statistics.getBoolean(1);
        }
        if (!analyzed) {
            analyze(connection);
        }
    }

    private static long nextId(Connection connection, String table) throws SQLException {
        try (Statement sql = connection.createStatement();
                ResultSet rows = sql.executeQuery("select coalesce(max(id), 0) + 1 from " + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static void insertCustomers(Connection connection, String tenant, long first, long count) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                insert into shop.customers (id, tenant_id, name, email, country, created_at)
                select i, ?,
                       (array['Ada','Grace','Alan','Edsger','Barbara','Ken','Margaret','Linus','Radia','Donald'])[1 + i % 10]
                           || ' ' || (array['Lovelace','Hopper','Turing','Dijkstra','Liskov','Thompson','Hamilton','Müller',
                                            'Perlman','Knuth'])[1 + (i / 10) % 10],
                       'customer' || i || '@example.com',
                       (array['DE','FR','US','GB','JP','BR','IN','ES'])[1 + i % 8],
                       timestamptz '2020-01-01 00:00:00+00' + (i % 1500) * interval '1 day'
                from generate_series(?::bigint, ?::bigint) as i
                """)) {
            insert.setString(1, tenant);
            insert.setLong(2, first);
            insert.setLong(3, first + count - 1);
            insert.executeUpdate();
        }
    }

    private static void insertOrders(Connection connection, String tenant, long first, long count, long firstCustomer,
            long customers) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                insert into shop.orders (id, tenant_id, customer_id, status, ordered_at, total, currency, item_count, note)
                select i, ?,
                       ? + (i * 7919) % ?,
                       (array['NEW','PAID','SHIPPED','CANCELLED'])[1 + i % 4],
                       timestamptz '2024-01-01 00:00:00+00' + (i % 730) * interval '1 day' + (i % 86400) * interval '1 second',
                       round(((i * 37) % 100000) / 100.0 + 1, 2),
                       (array['EUR','USD','GBP'])[1 + i % 3],
                       1 + i % 4,
                       case
                           when i % 50 = 0 then 'Deliver to the "back door", ring twice'
                           when i % 97 = 0 then E'Fragile\\nHandle with care'
                           when i % 101 = 0 then '=HYPERLINK("http://example.com","click")'
                           when i % 103 = 0 then 'Grüße aus Köln – 東京 📦'
                           when i % 107 = 0 then '-5 discount applied'
                           else null
                       end
                from generate_series(?::bigint, ?::bigint) as i
                """)) {
            insert.setString(1, tenant);
            insert.setLong(2, firstCustomer);
            insert.setLong(3, customers);
            insert.setLong(4, first);
            insert.setLong(5, first + count - 1);
            insert.executeUpdate();
        }
    }

    private static void insertLines(Connection connection, long firstOrder, long count) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                insert into shop.order_lines (order_id, line_no, sku, product_name, quantity, unit_price)
                select o.id, n, 'SKU-' || lpad(((o.id * n) % 5000)::text, 5, '0'),
                       (array['Keyboard','Mouse','Monitor','Cable','Dock','Headset'])[1 + (o.id + n) % 6],
                       1 + (o.id + n) % 3,
                       round(o.total / o.item_count, 2)
                from shop.orders o, generate_series(1, 4) as n
                where o.id between ?::bigint and ?::bigint and n <= o.item_count
                """)) {
            insert.setLong(1, firstOrder);
            insert.setLong(2, firstOrder + count - 1);
            insert.executeUpdate();
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(endpoints.jdbcUrl(Endpoints.SHOP_DATABASE), Endpoints.SERVICE_USER,
                Endpoints.SERVICE_PASSWORD);
    }
}
