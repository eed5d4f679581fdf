package dev.exportflow.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasSize;

import java.time.Duration;
import java.util.Set;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import dev.exportflow.devstack.mail.Email;
import dev.exportflow.events.ExportCompleted;
import dev.exportflow.events.ExportFailed;
import dev.exportflow.events.ExportNotified;
import dev.exportflow.events.Requester;
import dev.exportflow.events.Topics;
import dev.exportflow.notifier.support.DeliveryRows;
import dev.exportflow.notifier.support.ExportEvents;
import dev.exportflow.notifier.support.NotifierTest;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import jakarta.inject.Inject;

/** Guarantee 2: a redelivered or replayed event never yields a second email or a second ExportNotified. */
@QuarkusTest
class RedeliveryAndReplayTest extends NotifierTest {

    private static final String RECEIVED = "exportflow.notifier.events.received";

    @Inject
    KafkaClientService kafkaClients;

    @Test
    void aRedeliveredEventSendsNothingMore() {
        ExportCompleted completed = ExportEvents.completed(ExportEvents.requester("en", null));
        kafka.publish(completed);
        awaitOneEmailAndOneNotification(completed);
        double duplicates = duplicates();

        kafka.publish(completed);

        await().atMost(DELIVERY).until(() -> duplicates() >= duplicates + 1);
        assertNothingMoreThanOneEmailAndOneNotification(completed);
    }

    @Test
    void replayingExportCompletedFromOffsetZeroSendsNothingMore() {
        ExportCompleted completed = ExportEvents.completed(ExportEvents.requester("en", null));
        kafka.publish(completed);
        awaitOneEmailAndOneNotification(completed);
        KafkaConsumer<Object, Object> consumer = kafkaClients.getConsumer(Topics.EXPORT_COMPLETED);
        Set<TopicPartition> assigned = consumer.getAssignments().await().atMost(DELIVERY);
        assertThat(assigned).hasSize(Topics.DEFAULT_PARTITIONS);
        long recordsOnTopic = kafka.size(Topics.EXPORT_COMPLETED);
        double receivedBefore = received();

        consumer.seekToBeginning(assigned).await().atMost(DELIVERY);

        await().atMost(Duration.ofSeconds(60)).until(() -> received() >= receivedBefore + recordsOnTopic);
        assertNothingMoreThanOneEmailAndOneNotification(completed);
    }

    @Test
    void aNewGenerationOrTheOtherOutcomeIsANewEmail() {
        Requester requester = ExportEvents.requester("en", null);
        ExportCompleted first = ExportEvents.completed(requester);
        ExportCompleted rerun = new ExportCompleted(first.jobId(), 2, first.occurredAt().plusSeconds(60), requester,
                first.dataset(), first.datasetTitle(), first.bucket(), "exports/" + first.jobId() + "/2/" + first.fileName(),
                first.fileName(), first.contentType(), first.rows(), first.bytes(), first.sha256(), null);
        ExportFailed failedRerun = new ExportFailed(first.jobId(), 2, rerun.occurredAt(), requester, first.dataset(),
                first.datasetTitle(), "QUERY_FAILED", "The query failed.", 1, false);

        kafka.publish(first);
        kafka.publish(rerun);
        kafka.publish(failedRerun);

        await().atMost(DELIVERY).until(() -> mailbox.messagesFor(requester.email()), hasSize(3));
        await().atMost(DELIVERY).until(() -> notified(first.jobId()), hasSize(3));
        assertThat(DeliveryRows.of(first.jobId()))
                .extracting(delivery -> delivery.generation + "/" + delivery.kind + "/" + delivery.status)
                .containsExactlyInAnyOrder("1/COMPLETED/SENT", "2/COMPLETED/SENT", "2/FAILED/SENT");
    }

    private void awaitOneEmailAndOneNotification(ExportCompleted completed) {
        await().atMost(DELIVERY).until(() -> mailbox.messagesFor(completed.requester().email()), hasSize(1));
        await().atMost(DELIVERY).until(() -> notified(completed.jobId()), hasSize(1));
    }

    /**
     * Called once the notifier has read the duplicate: had it decided to send, the email would now be on its
     * way, so wait one poll interval and a send (well over both) and check that nothing came.
     */
    private void assertNothingMoreThanOneEmailAndOneNotification(ExportCompleted completed) {
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> mailbox.messagesFor(completed.requester().email()), hasSize(1));
        assertThat(notified(completed.jobId())).singleElement()
                .satisfies(notified -> assertThat(notified.outcome()).isEqualTo(ExportNotified.Outcome.SENT));
        assertThat(DeliveryRows.of(completed.jobId())).singleElement().satisfies(delivery -> {
            assertThat(delivery.status).isEqualTo(DeliveryStatus.SENT);
            assertThat(delivery.attempts).isEqualTo(1);
        });
        Email email = mailbox.messagesFor(completed.requester().email()).get(0);
        assertThat(email.subject()).isEqualTo("Your export \"Orders\" is ready");
    }

    private double duplicates() {
        return count("exportflow.notifier.events.duplicate", "kind", "completed");
    }

    private double received() {
        return count(RECEIVED, "topic", Topics.EXPORT_COMPLETED);
    }
}
