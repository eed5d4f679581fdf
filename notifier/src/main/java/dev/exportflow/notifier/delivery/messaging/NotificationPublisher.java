package dev.exportflow.notifier.delivery.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import dev.exportflow.events.CloudEventHeaders;
import dev.exportflow.events.EventRecord;
import dev.exportflow.events.ExportNotified;
import dev.exportflow.events.Topics;
import dev.exportflow.notifier.delivery.Delivery;
import dev.exportflow.notifier.delivery.DeliveryAttempts;
import dev.exportflow.notifier.delivery.DeliveryConfig;
import dev.exportflow.notifier.delivery.DeliveryLog;
import dev.exportflow.notifier.outage.DatabaseFailures;
import dev.exportflow.notifier.outage.Outage;
import dev.exportflow.notifier.outage.StoppingException;
import dev.exportflow.notifier.outage.UntilItWorks;

import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Publishes {@link ExportNotified} for every finished delivery, with the delivery row as its outbox:
 * {@code notified_at} is set only after Kafka acknowledged the record ({@code acks=all}). The sender that finished a
 * delivery announces it at once ({@link #announceFinished}): it publishes what it took from the committed row and then
 * marks the row with one statement, holding no transaction and no lock meanwhile. The sweep is the safety net for what a
 * crash, or an outage of Kafka or the database, left unmarked: it publishes again with the same {@code ce_id} (see
 * {@link Delivery.Announcement}), which consumers treat as a duplicate. It leaves alone what this
 * replica's senders are still announcing and, for the other replicas, what finished within {@link #SETTLE}. An email
 * given up after its last attempt is parked in {@code export-notify.dlq} in the same step as its announcement, under
 * the row's lock. While the database is down the sweep waits with backoff ({@link UntilItWorks}) and carries on by
 * itself when it is back.
 */
@ApplicationScoped
public class NotificationPublisher {

    private static final int BATCH = 100;
    /**
     * How long the sweep leaves a finished delivery to the sender that finished it, which announces it within
     * milliseconds while Kafka answers: another replica's sender is not in {@link #announcing}.
     */
    static final Duration SETTLE = Duration.ofSeconds(10);

    private final MutinyEmitter<ExportNotified> emitter;
    private final DeadLetters deadLetters;
    private final DeliveryLog log;
    private final UntilItWorks untilItWorks;
    private final Outage outage = new Outage("ExportNotified announcer", "the database", DatabaseFailures::isTransient,
            null);
    private final Duration publishTimeout;
    private final String source;
    /** The deliveries this replica's senders are announcing now: the sweep does not publish them a second time. */
    private final Set<UUID> announcing = ConcurrentHashMap.newKeySet();

    public NotificationPublisher(@Channel(Topics.EXPORT_NOTIFIED) MutinyEmitter<ExportNotified> emitter,
            DeadLetters deadLetters, DeliveryLog log, UntilItWorks untilItWorks, DeliveryConfig config,
            @ConfigProperty(name = "quarkus.application.name") String applicationName) {
        this.emitter = emitter;
        this.deadLetters = deadLetters;
        this.log = log;
        this.untilItWorks = untilItWorks;
        this.publishTimeout = config.publishTimeout();
        this.source = EventRecord.source(applicationName);
    }

    /**
     * Announces the delivery an attempt has just finished and committed. A given-up one goes through {@link #announce},
     * since its DLQ record must be written once, under the row's lock; any failure is left to the sweep.
     */
    public void announceFinished(DeliveryAttempts.Attempt attempt) {
        Delivery.Announcement announcement = attempt.announcement();
        if (announcement == null) {
            announce(new DeliveryLog.Unannounced(attempt.deliveryId(), attempt.jobId()));
            return;
        }
        announcing.add(announcement.deliveryId());
        try {
            send(announcement);
            log.markNotified(announcement.deliveryId(), Instant.now());
        } catch (RuntimeException e) {
            leftToTheSweep(attempt.jobId(), announcement.deliveryId(), e);
        } finally {
            announcing.remove(announcement.deliveryId());
        }
    }

    /**
     * Publishes the outcome of one delivery under its row's lock, unless that is done already; any failure is left to
     * the next sweep.
     *
     * @return false when it failed
     */
    public boolean announce(DeliveryLog.Unannounced delivery) {
        try {
            QuarkusTransaction.requiringNew().timeout((int) publishTimeout.toSeconds() + 10)
                    .run(() -> log.lockUnannounced(delivery.deliveryId()).ifPresent(this::publish));
            return true;
        } catch (RuntimeException e) {
            leftToTheSweep(delivery.jobId(), delivery.deliveryId(), e);
            return false;
        }
    }

    private static void leftToTheSweep(UUID jobId, UUID deliveryId, RuntimeException e) {
        Log.warnf("job %s: ExportNotified of delivery %s not recorded as published; the next sweep publishes it: %s",
                jobId, deliveryId, e.getMessage());
    }

    /**
     * The safety net behind {@link #announceFinished}: whatever a crash or an outage of Kafka or the database left
     * unannounced. The sweep stops at the first failure; the next one starts over.
     */
    @Scheduled(every = "${exportflow.notifier.delivery.announce-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void announceOwed() {
        List<DeliveryLog.Unannounced> owed;
        try {
            owed = untilItWorks.call(outage, null,
                    () -> QuarkusTransaction.requiringNew().call(() -> log.unannounced(BATCH, Instant.now().minus(SETTLE))));
        } catch (StoppingException e) {
            return;
        }
        for (DeliveryLog.Unannounced delivery : owed) {
            if (!announcing.contains(delivery.deliveryId()) && !announce(delivery)) {
                return;
            }
        }
    }

    private void publish(Delivery delivery) {
        if (delivery.givenUp) {
            // with the same outbox row as the ExportNotified: parked once, or again after a crash right here
            deadLetters.givenUp(delivery);
        }
        send(delivery.announcement());
        delivery.notifiedAt = Instant.now();
    }

    /** Publishes one ExportNotified and waits for Kafka's acknowledgement. */
    private void send(Delivery.Announcement announcement) {
        ExportNotified event = announcement.event();
        EventRecord record = EventRecord.of(event, CloudEventHeaders.stableId(event, announcement.discriminator()), source,
                announcement.traceParent());
        Message<ExportNotified> message = Message.of(event).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(record.key()).withHeaders(record.headers()).build());
        if (announcement.traceParent() != null) {
            message = message.addMetadata(TracingMetadata.withCurrent(record.traceContext()));
        }
        emitter.sendMessage(message).await().atMost(publishTimeout);
        Log.infof("job %s generation %d: published ExportNotified %s for the %s email", event.jobId(), event.generation(),
                event.outcome(), announcement.kind().label());
    }
}
