package dev.exportflow.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasSize;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import dev.exportflow.devstack.testing.TestKafka;
import dev.exportflow.events.ExportCompleted;
import dev.exportflow.events.Topics;
import dev.exportflow.notifier.support.DeliveryRows;
import dev.exportflow.notifier.support.ExportEvents;
import dev.exportflow.notifier.support.NotifierTest;

import io.quarkus.test.junit.QuarkusTest;

/** A record that is no event is counted and parked in the DLQ; it neither stops the consumer nor writes a delivery. */
@QuarkusTest
class UnreadableRecordTest extends NotifierTest {

    @Test
    void garbageIsSkippedAndTheNextEventIsStillEmailed() {
        UUID garbageKey = UUID.randomUUID();
        double unreadableBefore = count("exportflow.notifier.events.unreadable");
        double refusedBefore = count("exportflow.events.refused", "channel", Topics.EXPORT_COMPLETED, "reason", "unreadable");
        ExportCompleted next = ExportEvents.completed(ExportEvents.requester("en", null));

        kafka.publishRaw(Topics.EXPORT_COMPLETED, garbageKey.toString(), "{not json".getBytes(StandardCharsets.UTF_8));
        kafka.publish(next);

        awaitOneEmailTo(next.requester().email());
        assertThat(count("exportflow.notifier.events.unreadable")).isEqualTo(unreadableBefore + 1);
        assertThat(count("exportflow.events.refused", "channel", Topics.EXPORT_COMPLETED, "reason", "unreadable"))
                .isEqualTo(refusedBefore + 1);
        assertThat(DeliveryRows.of(garbageKey)).isEmpty();
        assertThat(notified(garbageKey)).isEmpty();
        ConsumerRecord<String, byte[]> parked = await().atMost(DELIVERY).until(() -> deadLetters(garbageKey), hasSize(1))
                .get(0);
        assertThat(parked.value()).asString(StandardCharsets.UTF_8).isEqualTo("{not json");
        assertThat(TestKafka.header(parked, "dead-letter-topic")).isEqualTo(Topics.EXPORT_COMPLETED);
        assertThat(TestKafka.header(parked, "dead-letter-reason")).isNotBlank();
        assertThat(TestKafka.header(parked, "dead-letter-offset")).isNotBlank();
    }
}
