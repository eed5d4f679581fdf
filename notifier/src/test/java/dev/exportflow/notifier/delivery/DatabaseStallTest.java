package dev.exportflow.notifier.delivery;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.exportflow.devstack.Endpoints;
import dev.exportflow.devstack.faults.TcpProxy;
import dev.exportflow.devstack.testing.DevStackTestResource;
import dev.exportflow.events.ExportCompleted;
import dev.exportflow.events.Topics;
import dev.exportflow.notifier.support.ExportEvents;
import dev.exportflow.notifier.support.NotifierTest;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The network to the delivery log's PostgreSQL stalls for 20 s (a TCP proxy holds every byte without closing
 * anything, as a hung link or a frozen server would) while finished exports arrive. Statements time out instead of
 * hanging for good, the consumers wait with backoff, liveness stays UP; once traffic flows again every export gets
 * exactly one email and one ExportNotified.
 */
@QuarkusTest
@TestProfile(DatabaseStallTest.BehindAProxy.class)
class DatabaseStallTest extends NotifierTest {

    private static final Duration STALL = Duration.ofSeconds(20);
    private static final Duration HEAL = Duration.ofSeconds(75);

    /** Set by {@link ProxiedDatabase}. */
    TcpProxy proxy;

    @AfterEach
    void letTrafficFlow() {
        proxy.resume();
    }

    @Test
    void eventsWaitOutAStalledDatabaseAndAreEmailedExactlyOnce() {
        await().atMost(DELIVERY).until(() -> status("/q/health/ready") == 200);
        double retries = count("exportflow.consumer.retries", "channel", Topics.EXPORT_COMPLETED);
        List<ExportCompleted> events = List.of(ExportEvents.completed(ExportEvents.requester("en", null)),
                ExportEvents.completed(ExportEvents.requester("de", null)),
                ExportEvents.completed(ExportEvents.requester("en", null)));

        proxy.stall();
        events.forEach(kafka::publish);

        await().atMost(DELIVERY).until(() -> count("exportflow.consumer.retries", "channel", Topics.EXPORT_COMPLETED)
                > retries);
        await().atMost(DELIVERY).until(() -> status("/q/health/ready") == 503);
        await().during(STALL).atMost(STALL.plusSeconds(10)).pollInterval(Duration.ofSeconds(1))
                .until(() -> status("/q/health/live") == 200
                        && events.stream().allMatch(event -> emailsTo(event).isEmpty()));

        proxy.resume();

        awaitEachEmailedExactlyOnce(events, HEAL);
        await().atMost(DELIVERY).until(() -> status("/q/health/ready") == 200);
    }

    private static int status(String path) {
        return given().get(path).statusCode();
    }

    /** The notifier reaches its database through {@link ProxiedDatabase}; statements give up after 5 s, not 30. */
    public static class BehindAProxy implements QuarkusTestProfile {

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(ProxiedDatabase.class, Map.of("service", "notifier")));
        }

        /** {@link ProxiedDatabase} is the devstack's resource with one address changed: the only one, so that it wins. */
        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.datasource.jdbc.additional-jdbc-properties.socketTimeout", "5");
        }
    }

    /** The devstack, with a {@link TcpProxy} in front of its PostgreSQL for as long as the application runs. */
    public static class ProxiedDatabase extends DevStackTestResource {

        private TcpProxy proxy;

        @Override
        public Map<String, String> start() {
            Map<String, String> config = new LinkedHashMap<>(super.start());
            proxy = TcpProxy.start("postgres", 0, DevStackTestResource.stack().endpoints().postgresPort());
            config.put("quarkus.datasource.jdbc.url",
                    "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + Endpoints.NOTIFIER_DATABASE);
            return config;
        }

        @Override
        public void inject(TestInjector testInjector) {
            testInjector.injectIntoFields(proxy, new TestInjector.MatchesType(TcpProxy.class));
        }

        @Override
        public void stop() {
            proxy.close();
            super.stop();
        }
    }
}
