package dev.exportflow.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.exportflow.devstack.mail.Email;
import dev.exportflow.devstack.services.ServiceProcess;
import dev.exportflow.events.ExportRequested;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Guarantee 1, nothing lost: accepted exports still end SUCCEEDED, each with exactly one email,
 * when the Kafka broker is killed on the way or the notifier is down while they finish.
 */
@Timeout(420)
class NothingLostIT extends SystemTest {

    @Test
    void exportsAcceptedJustBeforeTheBrokerIsKilledAllFinishWithOneEmailEach() {
        String email = "kafka.outage@example.com";
        String token = system.stack().tokens().mint("kafka-outage", email);
        List<String> ids = new ArrayList<>();
        // three: the most a user may have running at once
        for (String status : List.of("NEW", "PAID")) {
            ids.add(api.submitAccepted(token, ExportApiClient.orders(status)));
        }

        system.stack().kafka().kill();
        try {
            // accepted while the broker is down: the outbox keeps it
            ids.add(api.submitAccepted(token, ExportApiClient.orders("CANCELLED")));
        } finally {
            system.stack().kafka().start();
        }

        for (String id : ids) {
            assertThat(api.awaitFinished(token, id, Duration.ofMinutes(4)).getString("status")).as(id).isEqualTo("SUCCEEDED");
        }
        List<Email> emails = await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                .until(() -> system.stack().mailbox().messagesFor(email), messages -> messages.size() >= ids.size());
        assertThat(emails).hasSize(ids.size());
        assertThat(emails).extracting(message -> message.linkContaining("/d/")).doesNotHaveDuplicates();
        for (String id : ids) {
            assertThat(kafka.events(ExportRequested.class, UUID.fromString(id))).as("requests of %s", id).hasSize(1);
        }
    }

    @Test
    void anExportThatFinishesWhileTheNotifierIsDownIsEmailedOnceWhenItIsBack() throws Exception {
        String email = "notifier.down@example.com";
        String token = system.stack().tokens().mint("notifier-down", email);
        ServiceProcess notifier = system.notifier();
        notifier.stop(Duration.ofSeconds(20));
        try {
            String id = api.submitAccepted(token, Map.of("dataset", "orders", "format", "csv"));
            assertThat(api.awaitFinished(token, id, Duration.ofMinutes(3)).getString("status")).isEqualTo("SUCCEEDED");
            assertThat(system.stack().mailbox().messagesFor(email)).isEmpty();
        } finally {
            system.restart(notifier, SystemUnderTest.SERVICE_JVM_OPTIONS);
        }

        List<Email> emails = await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                .until(() -> system.stack().mailbox().messagesFor(email), messages -> !messages.isEmpty());
        await().pollDelay(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(6))
                .untilAsserted(() -> assertThat(system.stack().mailbox().messagesFor(email)).hasSameSizeAs(emails));
        assertThat(emails).hasSize(1);
    }
}
