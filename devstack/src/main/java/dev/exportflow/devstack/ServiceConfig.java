package dev.exportflow.devstack;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.exportflow.devstack.auth.DevTokens;

/**
 * The configuration each service needs to run against a devstack: the single source of the
 * local addresses and credentials, used by the launcher ({@code ./exportflow up}) and by the test
 * resources alike.
 */
public final class ServiceConfig {

    /** The three services, with their application names and local HTTP ports. */
    public enum Service {
        API("export-api", 8080),
        WORKER("export-worker", 8081),
        NOTIFIER("notifier", 8082);

        private final String applicationName;
        private final int localPort;

        Service(String applicationName, int localPort) {
            this.applicationName = applicationName;
            this.localPort = localPort;
        }

        public String applicationName() {
            return applicationName;
        }

        public int localPort() {
            return localPort;
        }

        /**
         * JVM options every instance gets. The worker is a batch workload that allocates short-lived rows
         * at a high rate: the throughput collector spends a fraction of G1's time on it, also in a small heap
         * (deploy/ sets the same through JAVA_OPTS_APPEND).
         */
        public List<String> jvmOptions() {
            return this == WORKER ? List.of("-XX:+UseParallelGC") : List.of();
        }

        public static Service named(String name) {
            for (Service service : values()) {
                if (service.name().equalsIgnoreCase(name) || service.applicationName.equalsIgnoreCase(name)) {
                    return service;
                }
            }
            throw new IllegalArgumentException("Unknown service '" + name + "': use api, worker or notifier");
        }
    }

    private ServiceConfig() {
    }

    /**
     * @param apiBaseUrl where export-api answers, for links in emails (e.g. {@code http://127.0.0.1:8080})
     */
    public static Map<String, String> of(Service service, Endpoints endpoints, String apiBaseUrl) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("kafka.bootstrap.servers", endpoints.kafkaBootstrapServers());
        switch (service) {
            case API -> {
                database(config, endpoints, Endpoints.JOBS_DATABASE, Endpoints.SERVICE_USER, Endpoints.SERVICE_PASSWORD);
                storage(config, endpoints);
                config.put("mp.jwt.verify.publickey.location", endpoints.jwtPublicKeyFile());
                config.put("mp.jwt.verify.issuer", endpoints.jwtIssuer());
                config.put("mp.jwt.verify.audiences", DevTokens.AUDIENCE);
                config.put("exportflow.links.signing-key", endpoints.linkSigningKey());
                config.put("exportflow.links.base-url", apiBaseUrl);
            }
            case WORKER -> {
                database(config, endpoints, Endpoints.WORKER_DATABASE, Endpoints.SERVICE_USER, Endpoints.SERVICE_PASSWORD);
                config.put("quarkus.datasource.source.jdbc.url", endpoints.jdbcUrl(Endpoints.SHOP_DATABASE));
                config.put("quarkus.datasource.source.username", Endpoints.READER_USER);
                config.put("quarkus.datasource.source.password", Endpoints.READER_PASSWORD);
                storage(config, endpoints);
            }
            case NOTIFIER -> {
                database(config, endpoints, Endpoints.NOTIFIER_DATABASE, Endpoints.SERVICE_USER, Endpoints.SERVICE_PASSWORD);
                config.put("quarkus.mailer.host", endpoints.smtpHost());
                config.put("quarkus.mailer.port", Integer.toString(endpoints.smtpPort()));
                config.put("quarkus.mailer.mock", "false");
                config.put("exportflow.links.signing-key", endpoints.linkSigningKey());
                config.put("exportflow.links.base-url", apiBaseUrl);
            }
            default -> throw new IllegalArgumentException(service.name());
        }
        return config;
    }

    /**
     * What makes every Kafka client of a service (channels, the outbox relay, health checks) use the broker's TLS +
     * SASL listener instead of the plain one: the {@code kafka.*} settings production sets through its environment.
     */
    public static Map<String, String> secureKafka(Endpoints endpoints) {
        Map<String, String> config = new LinkedHashMap<>();
        endpoints.secureKafka().clientConfig().forEach((key, value) -> config.put("kafka." + key, value));
        return config;
    }

    private static void database(Map<String, String> config, Endpoints endpoints, String database, String user,
            String password) {
        config.put("quarkus.datasource.jdbc.url", endpoints.jdbcUrl(database));
        config.put("quarkus.datasource.username", user);
        config.put("quarkus.datasource.password", password);
    }

    private static void storage(Map<String, String> config, Endpoints endpoints) {
        config.put("exportflow.storage.url", endpoints.s3Url());
        config.put("exportflow.storage.access-key", endpoints.s3AccessKey());
        config.put("exportflow.storage.secret-key", endpoints.s3SecretKey());
        config.put("exportflow.storage.bucket", endpoints.bucket());
        config.put("exportflow.storage.public-url", endpoints.s3Url());
    }
}
