package dev.exportflow.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasSize;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.exportflow.devstack.mail.Mailbox;
import dev.exportflow.devstack.testing.DevStackTestResource;
import dev.exportflow.events.ExportCompleted;
import dev.exportflow.events.Topics;
import dev.exportflow.notifier.support.Counters;
import dev.exportflow.notifier.support.DeliveryRows;
import dev.exportflow.notifier.support.ExportEvents;
import dev.exportflow.notifier.support.TestKafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** A record that is no event is counted and parked in the DLQ; it neither stops the consumer nor writes a delivery. */
@QuarkusTest
class UnreadableRecordTest {

    private final TestKafka kafka = new TestKafka();
    private final Mailbox mailbox = DevStackTestResource.stack().mailbox();

    @Inject
    MeterRegistry registry;

    @AfterEach
    void closeKafka() {
        kafka.close();
    }

    @Test
    void garbageIsSkippedAndTheNextEventIsStillEmailed() {
        UUID garbageKey = UUID.randomUUID();
        double unreadableBefore = Counters.count(registry, "exportflow.notifier.events.unreadable");
        ExportCompleted next = ExportEvents.completed(ExportEvents.requester("en", null));

        kafka.publishRaw(Topics.EXPORT_COMPLETED, garbageKey.toString(), "{not json".getBytes(StandardCharsets.UTF_8));
        kafka.publish(next);

        await().atMost(Duration.ofSeconds(30)).until(() -> mailbox.messagesFor(next.requester().email()), hasSize(1));
        assertThat(Counters.count(registry, "exportflow.notifier.events.unreadable")).isEqualTo(unreadableBefore + 1);
        assertThat(DeliveryRows.of(garbageKey)).isEmpty();
        assertThat(kafka.notified(garbageKey)).isEmpty();
        ConsumerRecord<String, byte[]> parked = await().atMost(Duration.ofSeconds(30))
                .until(() -> kafka.deadLetters(garbageKey.toString()), hasSize(1)).get(0);
        assertThat(parked.value()).asString(StandardCharsets.UTF_8).isEqualTo("{not json");
        assertThat(TestKafka.header(parked, "dead-letter-topic")).isEqualTo(Topics.EXPORT_COMPLETED);
        assertThat(TestKafka.header(parked, "dead-letter-reason")).isNotBlank();
        assertThat(TestKafka.header(parked, "dead-letter-offset")).isNotBlank();
    }
}
