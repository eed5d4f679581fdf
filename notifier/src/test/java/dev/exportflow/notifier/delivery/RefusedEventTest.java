package dev.exportflow.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasSize;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import dev.exportflow.devstack.testing.TestKafka;
import dev.exportflow.events.EventType;
import dev.exportflow.events.ExportCompleted;
import dev.exportflow.events.ExportEvent;
import dev.exportflow.events.ExportFailed;
import dev.exportflow.events.ExportResendRequested;
import dev.exportflow.events.Requester;
import dev.exportflow.events.Topics;
import dev.exportflow.events.serde.EventJson;
import dev.exportflow.notifier.support.DeliveryRows;
import dev.exportflow.notifier.support.ExportEvents;
import dev.exportflow.notifier.support.NotifierTest;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Records anyone able to write to the topics could publish: each invalid one is refused (counted by channel and reason,
 * parked in {@code export-notify.dlq} with the reason, no delivery, no email, no ExportNotified), and the events after
 * them are still emailed.
 */
@QuarkusTest
class RefusedEventTest extends NotifierTest {

    @Test
    void invalidEventsAreRefusedParkedAndCountedAndTheNextOneIsStillEmailed() {
        ExportCompleted valid = ExportEvents.completed(ExportEvents.requester("en", null));
        Map<ExportEvent, String> hostile = new LinkedHashMap<>();
        hostile.put(withRequester(valid, null), "requester");
        hostile.put(withFileName(valid, "x".repeat(256) + ".csv"), "too-long");
        hostile.put(withFileName(valid, "invoice\u202Evsc.exe"), "control-character");
        hostile.put(withFileName(valid, "orders.csv (mirror: https://evil.example/orders.csv)"), "link");
        hostile.put(completed(UUID.randomUUID(), 0, valid), "generation");
        ExportResendRequested resend = ExportEvents.resend(valid);
        hostile.put(new ExportResendRequested(UUID.randomUUID(), 1, resend.occurredAt(), null,
                ExportEvents.requester("en", null), resend.dataset(), resend.datasetTitle(), resend.fileName(),
                resend.contentType(), resend.rows(), resend.bytes(), resend.sha256()), "request-id");
        ExportFailed failed = ExportEvents.failed(ExportEvents.requester("en", null), "Boom.", false);
        hostile.put(new ExportFailed(failed.jobId(), 1, failed.occurredAt(), failed.requester(), "orders",
                "Orders\r\nBcc: victim@example.com", "QUERY_FAILED", "Boom.", 1, false), "control-character");
        Map<ExportEvent, Double> before = new LinkedHashMap<>();
        hostile.forEach((event, reason) -> before.put(event, refused(event, reason)));

        hostile.keySet().forEach(kafka::publish);
        kafka.publish(valid);

        awaitOneEmailTo(valid.requester().email());
        hostile.forEach((event, reason) -> {
            ConsumerRecord<String, byte[]> parked = await().atMost(DELIVERY)
                    .until(() -> deadLetters(event.jobId()), hasSize(1)).get(0);
            assertThat(TestKafka.header(parked, "dead-letter-reason")).startsWith("refused (" + reason + "): ");
            assertThat(TestKafka.header(parked, "dead-letter-topic")).isEqualTo(EventType.of(event).topic());
            assertThat(EventJson.read(parked.value(), event.getClass())).isEqualTo(event);
            assertThat(refused(event, reason)).as(reason).isEqualTo(before.get(event) + 1);
        });
        List<UUID> jobs = hostile.keySet().stream().map(ExportEvent::jobId).toList();
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofSeconds(1))
                .until(() -> notifiedCounts(jobs).isEmpty()
                        && jobs.stream().allMatch(job -> DeliveryRows.of(job).isEmpty()));
        assertThat(mailbox.messagesFor(valid.requester().email())).hasSize(1);
        hostile.keySet().stream().map(RefusedEventTest::address).filter(Objects::nonNull)
                .forEach(address -> assertThat(mailbox.messagesFor(address)).as(address).isEmpty());
    }

    @Test
    void anEventWithoutAJobIsRefusedUnderItsRecordKey() {
        ExportCompleted withoutJob = completed(null, 1, ExportEvents.completed(ExportEvents.requester("en", null)));
        UUID key = UUID.randomUUID();
        double before = count("exportflow.events.refused", "channel", Topics.EXPORT_COMPLETED, "reason", "job-id");

        kafka.publishRaw(Topics.EXPORT_COMPLETED, key.toString(), EventJson.write(withoutJob));

        ConsumerRecord<String, byte[]> parked = await().atMost(DELIVERY).until(() -> deadLetters(key), hasSize(1)).get(0);
        assertThat(TestKafka.header(parked, "dead-letter-reason")).isEqualTo("refused (job-id): the event names no job");
        assertThat(count("exportflow.events.refused", "channel", Topics.EXPORT_COMPLETED, "reason", "job-id"))
                .isEqualTo(before + 1);
        assertThat(mailbox.messagesFor(withoutJob.requester().email())).isEmpty();
    }

    private static String address(ExportEvent event) {
        Requester requester = ExportEvents.requesterOf(event);
        return requester == null ? null : requester.email();
    }

    private double refused(ExportEvent event, String reason) {
        return count("exportflow.events.refused", "channel", EventType.of(event).topic(), "reason", reason);
    }

    private static ExportCompleted withRequester(ExportCompleted valid, Requester requester) {
        return new ExportCompleted(UUID.randomUUID(), 1, valid.occurredAt(), requester, valid.dataset(), valid.datasetTitle(),
                valid.bucket(), valid.objectKey(), valid.fileName(), valid.contentType(), valid.rows(), valid.bytes(),
                valid.sha256(), null);
    }

    private static ExportCompleted withFileName(ExportCompleted valid, String fileName) {
        return new ExportCompleted(UUID.randomUUID(), 1, valid.occurredAt(), ExportEvents.requester("en", null),
                valid.dataset(), valid.datasetTitle(), valid.bucket(), valid.objectKey(), fileName, valid.contentType(),
                valid.rows(), valid.bytes(), valid.sha256(), null);
    }

    private static ExportCompleted completed(UUID jobId, int generation, ExportCompleted valid) {
        return new ExportCompleted(jobId, generation, valid.occurredAt(), ExportEvents.requester("en", null),
                valid.dataset(), valid.datasetTitle(), valid.bucket(), valid.objectKey(), valid.fileName(),
                valid.contentType(), valid.rows(), valid.bytes(), valid.sha256(), null);
    }
}
