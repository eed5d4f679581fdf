package dev.exportflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** Environment variable names against configuration keys, as SmallRye Config matches them. */
class ConfigKeysTest {

    @Test
    void anEnvironmentVariableIsTheKeyInUpperCaseWithUnderscores() {
        assertThat(ConfigKeys.toEnv("quarkus.datasource.jdbc.max-size")).isEqualTo("QUARKUS_DATASOURCE_JDBC_MAX_SIZE");
        assertThat(ConfigKeys.toEnv("quarkus.log.category.\"org.apache.kafka\".level"))
                .isEqualTo("QUARKUS_LOG_CATEGORY__ORG_APACHE_KAFKA__LEVEL");
        ConfigKeys keys = new ConfigKeys().add("exportflow.worker.concurrency").add("kafka.*");
        assertThat(keys.setBy("EXPORTFLOW_WORKER_CONCURRENCY")).isTrue();
        assertThat(keys.setBy("KAFKA_SASL_JAAS_CONFIG")).isTrue();
        assertThat(keys.setBy("KAFKA")).isFalse();
        assertThat(keys.setBy("EXPORTFLOW_WORKER_CONCURRENCY_MAX")).isFalse();
        assertThat(keys.setBy("API_JDBC_URL")).isFalse();
    }

    @Test
    void aMappingsKeysAreItsPrefixAndItsMethodsInKebabCase() {
        String source = """
                @ConfigMapping(prefix = "exportflow.limits")
                public interface LimitsConfig {

                    /** A comment with braces {like these} does not matter. */
                    @WithDefault("3")
                    int activeExportsPerUser();

                    @WithName("body-limit")
                    long maxBodySize();

                    Map<String, Rule> rules();

                    Window window();

                    default Duration twice() {
                        return Duration.ZERO;
                    }

                    interface Window {
                        Duration length();
                    }
                }
                """;
        assertThat(ConfigMappingKeys.of(source)).hasValueSatisfying(keys -> assertThat(keys).containsExactly(
                "exportflow.limits.active-exports-per-user", "exportflow.limits.body-limit", "exportflow.limits.rules.*",
                "exportflow.limits.window.*"));
        assertThat(ConfigMappingKeys.of("@WithParentName\nMap<String, X> datasets();")).isEmpty();
    }

    @Test
    void theServicesFactsComeFromTheirModules() {
        ServiceFacts worker = ServiceFacts.load(java.nio.file.Path.of(System.getProperty("exportflow.root", "..")),
                "export-worker");
        assertThat(worker.httpPort()).isEqualTo(8081);
        assertThat(worker.applicationName()).isEqualTo("export-worker");
        assertThat(worker.shutdownTimeout()).contains(Duration.ofSeconds(40));
        assertThat(worker.keys().setBy("EXPORTFLOW_WORKER_SHUTDOWN_GRACE")).as("WorkerConfig").isTrue();
        assertThat(worker.keys().setBy("EXPORTFLOW_STORAGE_PART_SIZE")).as("StorageConfig, shared").isTrue();
        assertThat(worker.keys().setBy("EXPORTFLOW_DATASETS_ORDERS_SQL")).as("DatasetCatalogConfig").isTrue();
        assertThat(worker.keys().setBy("QUARKUS_DATASOURCE_SOURCE_JDBC_URL")).as("datasource source").isTrue();
        assertThat(worker.keys().setBy("EXPORTFLOW_LINKS_SIGNING_KEY")).as("LinksConfig is the api's and notifier's")
                .isFalse();
        assertThat(worker.keys().setBy("QUARKUS_MAILER_HOST")).as("no mailer in the worker").isFalse();
        assertThat(worker.keys().setBy("MP_JWT_VERIFY_ISSUER")).as("no JWT in the worker").isFalse();
    }
}
