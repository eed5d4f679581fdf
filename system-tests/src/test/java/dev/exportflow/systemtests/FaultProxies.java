package dev.exportflow.systemtests;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.exportflow.devstack.DevStack;
import dev.exportflow.devstack.Endpoints;
import dev.exportflow.devstack.ServiceConfig.Service;

/**
 * TCP proxies between the services and their servers, so that a test can break one path without touching the
 * others: one in front of PostgreSQL per datasource (stall the database for everyone, or take it away from the worker
 * alone) and one in front of the SMTP server (which forgets every message it holds when it stops, so the test takes
 * the path to it away instead). The configuration that routes the services through them comes with them.
 */
final class FaultProxies implements AutoCloseable {

    private final SwitchableProxy apiDatabase;
    private final SwitchableProxy workerDatabase;
    private final SwitchableProxy sourceDatabase;
    private final SwitchableProxy notifierDatabase;
    private final SwitchableProxy smtp;

    FaultProxies(DevStack stack) {
        int postgres = stack.settings().postgresPort();
        this.apiDatabase = SwitchableProxy.start("api-db", stack.allocateServicePort(), postgres);
        this.workerDatabase = SwitchableProxy.start("worker-db", stack.allocateServicePort(), postgres);
        this.sourceDatabase = SwitchableProxy.start("source-db", stack.allocateServicePort(), postgres);
        this.notifierDatabase = SwitchableProxy.start("notifier-db", stack.allocateServicePort(), postgres);
        this.smtp = SwitchableProxy.start("smtp", stack.allocateServicePort(), stack.settings().smtpPort());
    }

    /** The addresses a service reaches through the proxies. */
    Map<String, String> overrides(Service service) {
        Map<String, String> config = new LinkedHashMap<>();
        switch (service) {
            case API -> config.put("quarkus.datasource.jdbc.url", url(apiDatabase, Endpoints.JOBS_DATABASE));
            case WORKER -> {
                config.put("quarkus.datasource.jdbc.url", url(workerDatabase, Endpoints.WORKER_DATABASE));
                config.put("quarkus.datasource.source.jdbc.url", url(sourceDatabase, Endpoints.SHOP_DATABASE));
            }
            case NOTIFIER -> {
                config.put("quarkus.datasource.jdbc.url", url(notifierDatabase, Endpoints.NOTIFIER_DATABASE));
                config.put("quarkus.mailer.port", Integer.toString(smtp.port()));
            }
            default -> throw new IllegalArgumentException(service.name());
        }
        return config;
    }

    /** The proxy of export-api's database. */
    SwitchableProxy apiDatabase() {
        return apiDatabase;
    }

    /** The proxy of the notifier's database (its delivery log). */
    SwitchableProxy notifierDatabase() {
        return notifierDatabase;
    }

    /** The proxy of the worker's own database (its claims), not of the source it exports from. */
    SwitchableProxy workerDatabase() {
        return workerDatabase;
    }

    SwitchableProxy smtp() {
        return smtp;
    }

    /** Every path to PostgreSQL. */
    List<SwitchableProxy> databases() {
        return List.of(apiDatabase, workerDatabase, sourceDatabase, notifierDatabase);
    }

    @Override
    public void close() {
        databases().forEach(SwitchableProxy::close);
        smtp.close();
    }

    private static String url(SwitchableProxy proxy, String database) {
        return "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + database;
    }
}
