package dev.exportflow.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import dev.exportflow.devstack.DevStack;
import dev.exportflow.devstack.ServiceConfig;
import dev.exportflow.devstack.services.ServiceProcess;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue #13, Kafka security: the whole flow (POST, export, email) with every Kafka client of every service on the
 * broker's TLS + SASL listener, as production runs. The services run dedicated to this test with
 * {@link ServiceConfig#secureKafka} as their {@code kafka.*} settings while the shared ones are stopped, so no
 * instance on the plain listener shares their consumer groups; afterwards no service process holds a connection to
 * the plain listener. A client without the credentials gets nothing from the secure listener.
 */
@Timeout(420)
class KafkaSecurityIT {

    @Test
    void anExportTravelsOverTlsAndSaslOnlyAndClientsWithoutTheCredentialsAreRefused() throws Exception {
        DevStack stack = SystemUnderTest.get().stack();
        // a refused client retries until its timeout (10 s): checked beside the flow rather than after it
        CompletableFuture<Void> refusals = InBackground.run("refused-clients",
                () -> clientsWithoutTheCredentialsAreRefused(stack));
        try (DedicatedServices secured = DedicatedServices.start(SystemUnderTest::jvmOptions,
                service -> ServiceConfig.secureKafka(stack.endpoints()))) {
            ExportApiClient api = new ExportApiClient(secured.system().apiBaseUrl());
            String email = "tls.user@example.com";
            String token = stack.tokens().mint("tls-user", email);

            String id = api.submitAccepted(token, ExportApiClient.orders("PAID"));

            assertThat(api.awaitFinished(token, id, Duration.ofMinutes(3)).getString("status")).isEqualTo("SUCCEEDED");
            await().atMost(Duration.ofMinutes(1)).until(() -> !stack.mailbox().messagesFor(email).isEmpty());
            for (ServiceProcess service : secured.system().services()) {
                assertThat(TcpConnections.remotePorts(service.pid())).as("ports %s is connected to", service.instanceName())
                        .contains(stack.settings().kafkaSecurePort())
                        .doesNotContain(stack.settings().kafkaPort());
            }
        }
        try {
            refusals.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof AssertionError refusal) {
                throw refusal;
            }
            throw e;
        }
    }

    private static void clientsWithoutTheCredentialsAreRefused(DevStack stack) {
        Map<String, Object> wrongPassword = secureClient(stack);
        wrongPassword.put("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required"
                + " username=\"" + stack.endpoints().secureKafka().user() + "\" password=\"guessed\";");
        assertThatThrownBy(() -> describeCluster(wrongPassword)).as("the user with a guessed password")
                .hasRootCauseInstanceOf(SaslAuthenticationException.class);
        Map<String, Object> noCredentials = secureClient(stack);
        noCredentials.put("security.protocol", "SSL");
        noCredentials.remove("sasl.mechanism");
        noCredentials.remove("sasl.jaas.config");
        assertThatThrownBy(() -> describeCluster(noCredentials)).as("TLS without SASL credentials")
                .isInstanceOf(ExecutionException.class);
        Map<String, Object> plaintext = new HashMap<>(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.endpoints().secureKafka().bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000));
        assertThatThrownBy(() -> describeCluster(plaintext)).as("neither TLS nor credentials")
                .isInstanceOf(ExecutionException.class);
    }

    private static Map<String, Object> secureClient(DevStack stack) {
        Map<String, Object> config = new HashMap<>(stack.endpoints().secureKafka().clientConfig());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        return config;
    }

    private static void describeCluster(Map<String, Object> config) throws Exception {
        try (Admin admin = Admin.create(config)) {
            admin.describeCluster().nodes().get(30, TimeUnit.SECONDS);
        }
    }
}
