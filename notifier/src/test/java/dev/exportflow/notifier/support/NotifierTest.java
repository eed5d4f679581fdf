package dev.exportflow.notifier.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasSize;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;

import dev.exportflow.devstack.DevStack;
import dev.exportflow.devstack.mail.Email;
import dev.exportflow.devstack.mail.Mailbox;
import dev.exportflow.devstack.testing.DevStackTestResource;
import dev.exportflow.devstack.testing.TestKafka;
import dev.exportflow.events.ExportEvent;
import dev.exportflow.events.ExportNotified;
import dev.exportflow.events.Topics;
import dev.exportflow.notifier.delivery.DeliveryStatus;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;

/**
 * What the notifier's component tests stand on: the devstack's broker (publishing as export-worker and export-api
 * would) and mailbox, the notifier's meters, and what it announced on {@code export-notified} and parked in
 * {@code export-notify.dlq}.
 */
public abstract class NotifierTest {

    /** Well over a poll, a send and an announcement. */
    protected static final Duration DELIVERY = Duration.ofSeconds(30);

    protected final DevStack stack = DevStackTestResource.stack();
    protected final TestKafka kafka = new TestKafka(stack);
    protected final Mailbox mailbox = stack.mailbox();

    @Inject
    protected MeterRegistry registry;

    @AfterEach
    void closeKafka() {
        kafka.close();
    }

    /** The ExportNotified records of one job that are on the topic now, with their headers. */
    protected List<ConsumerRecord<String, byte[]>> notifiedRecords(UUID jobId) {
        return kafka.records(Topics.EXPORT_NOTIFIED, jobId);
    }

    /** The ExportNotified events of one job that are on the topic now. */
    protected List<ExportNotified> notified(UUID jobId) {
        return kafka.events(ExportNotified.class, jobId);
    }

    /** How many ExportNotified records each of these jobs has on the topic now (absent: none), in one read of the topic. */
    protected Map<UUID, Long> notifiedCounts(Collection<UUID> jobIds) {
        Set<String> keys = jobIds.stream().map(UUID::toString).collect(Collectors.toSet());
        return kafka.records(Topics.EXPORT_NOTIFIED, record -> keys.contains(record.key())).stream()
                .collect(Collectors.groupingBy(record -> UUID.fromString(record.key()), Collectors.counting()));
    }

    /** Waits until exactly one ExportNotified of the job is on the topic, and returns its record. */
    protected ConsumerRecord<String, byte[]> awaitOneNotifiedRecord(UUID jobId) {
        return await().atMost(DELIVERY).until(() -> notifiedRecords(jobId), hasSize(1)).get(0);
    }

    /** Waits until exactly one ExportNotified of the job is on the topic, and returns it. */
    protected ExportNotified awaitOneNotified(UUID jobId) {
        return (ExportNotified) kafka.event(awaitOneNotifiedRecord(jobId));
    }

    /** The emails in the mailbox of the requester {@code event} names. */
    protected List<Email> emailsTo(ExportEvent event) {
        return mailbox.messagesFor(ExportEvents.requesterOf(event).email());
    }

    /**
     * Waits until every event has brought exactly one email to its requester and one ExportNotified SENT for its job,
     * shows for 5 s that nothing more comes, and checks that each delivery is SENT.
     */
    protected void awaitEachEmailedExactlyOnce(List<? extends ExportEvent> events, Duration timeout) {
        for (ExportEvent event : events) {
            await().atMost(timeout).until(() -> emailsTo(event), hasSize(1));
            await().atMost(timeout).until(() -> notified(event.jobId()), hasSize(1));
        }
        List<UUID> jobs = events.stream().map(ExportEvent::jobId).toList();
        Map<UUID, Long> once = jobs.stream().collect(Collectors.toMap(job -> job, job -> 1L));
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofSeconds(1))
                .until(() -> notifiedCounts(jobs).equals(once) && events.stream().allMatch(event -> emailsTo(event).size() == 1));
        for (ExportEvent event : events) {
            assertThat(notified(event.jobId())).singleElement()
                    .satisfies(notified -> assertThat(notified.outcome()).isEqualTo(ExportNotified.Outcome.SENT));
            assertThat(DeliveryRows.of(event.jobId())).singleElement()
                    .satisfies(delivery -> assertThat(delivery.status).isEqualTo(DeliveryStatus.SENT));
        }
    }

    /** Waits until exactly one email to {@code address} is in the mailbox, and returns it. */
    protected Email awaitOneEmailTo(String address) {
        return await().atMost(DELIVERY).until(() -> mailbox.messagesFor(address), hasSize(1)).get(0);
    }

    /** The records parked in {@code export-notify.dlq} under this key (a job id), as bytes. */
    protected List<ConsumerRecord<String, byte[]>> deadLetters(UUID key) {
        return kafka.records(Topics.EXPORT_NOTIFY_DLQ, key);
    }

    /** A counter's value as {@code /q/metrics} shows it, 0 while it has never been incremented. */
    protected double count(String name, String... tags) {
        Counter counter = registry.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }
}
