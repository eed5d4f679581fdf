package dev.exportflow.systemtests;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.exportflow.devstack.auth.DevTokens;

/**
 * The 20 exports a fault-matrix scenario puts in flight, from a few rows to half the bulk tenant (600k), with
 * every CSV option. Each has a user of its own, so the per-user limit of 3 active exports never refuses one and each
 * mailbox holds the emails of one job. The largest come first, so that they hold the workers' slots while the small
 * ones wait in the queue when the fault strikes.
 */
final class ExportMix {

    private static final String BULK = SystemUnderTest.BULK_TENANT;
    private static final String ACME = SystemUnderTest.TENANT;
    private static final String GLOBEX = SystemUnderTest.OTHER_TENANT;

    private record Order(String label, String tenant, Map<String, Object> parameters, Map<String, Object> options) {
    }

    private static final List<Order> ORDERS = List.of(
            new Order("bulk 2024, 600k rows", BULK, Map.of("to_date", "2024-12-31"), Map.of()),
            new Order("bulk 2025 H1, 300k rows, gzip", BULK, Map.of("from_date", "2025-01-01", "to_date", "2025-06-30"),
                    Map.of("gzip", true)),
            new Order("bulk PAID in 2024, 150k rows", BULK, Map.of("status", "PAID", "to_date", "2024-12-31"),
                    Map.of("delimiter", ";")),
            new Order("bulk January 2024, 50k rows", BULK, Map.of("from_date", "2024-01-01", "to_date", "2024-01-31"),
                    Map.of("header", false)),
            new Order("acme NEW", ACME, Map.of("status", "NEW"), Map.of()),
            new Order("acme PAID, BOM", ACME, Map.of("status", "PAID"), Map.of("bom", true)),
            new Order("acme SHIPPED, tab", ACME, Map.of("status", "SHIPPED"), Map.of("delimiter", "\t")),
            new Order("acme CANCELLED, no header", ACME, Map.of("status", "CANCELLED"), Map.of("header", false)),
            new Order("acme all", ACME, Map.of(), Map.of()),
            new Order("acme total >= 500", ACME, Map.of("min_total", "500"), Map.of()),
            new Order("acme from 2024-06-01, gzip", ACME, Map.of("from_date", "2024-06-01"), Map.of("gzip", true)),
            new Order("acme to 2024-03-31", ACME, Map.of("to_date", "2024-03-31"), Map.of()),
            new Order("globex all", GLOBEX, Map.of(), Map.of()),
            new Order("globex PAID, ';'", GLOBEX, Map.of("status", "PAID"), Map.of("delimiter", ";")),
            new Order("acme all, gzip and BOM", ACME, Map.of(), Map.of("gzip", true, "bom", true)),
            new Order("acme total >= 999.99", ACME, Map.of("min_total", "999.99"), Map.of()),
            new Order("globex from 2025-01-01", GLOBEX, Map.of("from_date", "2025-01-01"), Map.of()),
            new Order("acme NEW total >= 100", ACME, Map.of("status", "NEW", "min_total", "100"), Map.of()),
            new Order("globex CANCELLED, gzip", GLOBEX, Map.of("status", "CANCELLED"), Map.of("gzip", true)),
            new Order("acme PAID in 2024", ACME, Map.of("status", "PAID", "to_date", "2024-12-31"), Map.of()));

    private ExportMix() {
    }

    static int size() {
        return ORDERS.size();
    }

    /** Starts every export of the mix for {@code scenario} (a short name, part of the users' addresses). */
    static List<MatrixExport> submit(String scenario, ExportApiClient api, DevTokens tokens) {
        List<MatrixExport> exports = new ArrayList<>();
        for (int i = 0; i < ORDERS.size(); i++) {
            Order order = ORDERS.get(i);
            String user = String.format(Locale.ROOT, "fm-%s-%02d", scenario, i + 1);
            String email = user + "@faults.example.com";
            String token = tokens.builder(user).tenant(order.tenant()).email(email).sign();
            String id = api.submitAccepted(token, MatrixExport.body(order.parameters(), order.options()));
            exports.add(new MatrixExport(scenario, order.label(), email, order.tenant(), order.parameters(), order.options(),
                    token, id));
        }
        return exports;
    }
}
