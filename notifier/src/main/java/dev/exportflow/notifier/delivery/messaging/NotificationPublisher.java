package dev.exportflow.notifier.delivery.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import dev.exportflow.events.CloudEventHeaders;
import dev.exportflow.events.EventRecord;
import dev.exportflow.events.ExportNotified;
import dev.exportflow.events.Topics;
import dev.exportflow.notifier.delivery.Delivery;
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
 * {@code notified_at} is set only after Kafka acknowledged the record ({@code acks=all}). A crash in
 * between publishes it again with the same {@code ce_id} (see {@link Delivery#notificationDiscriminator()}),
 * which consumers treat as a duplicate. An email given up after its last attempt is parked in
 * {@code export-notify.dlq} in the same step. While the database is down the sweep waits with backoff
 * ({@link UntilItWorks}) and carries on by itself when it is back.
 */
@ApplicationScoped
public class NotificationPublisher {

    private static final int BATCH = 100;

    private final MutinyEmitter<ExportNotified> emitter;
    private final DeadLetters deadLetters;
    private final DeliveryLog log;
    private final UntilItWorks untilItWorks;
    private final Outage outage = new Outage("ExportNotified announcer", "the database", DatabaseFailures::isTransient,
            null);
    private final Duration publishTimeout;
    private final String source;

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
     * Publishes the outcome of one delivery unless that is done already; any failure is left to the next sweep.
     *
     * @return false when it failed
     */
    public boolean announce(DeliveryLog.Unannounced delivery) {
        try {
            QuarkusTransaction.requiringNew().timeout((int) publishTimeout.toSeconds() + 10)
                    .run(() -> log.lockUnannounced(delivery.deliveryId()).ifPresent(this::publish));
            return true;
        } catch (RuntimeException e) {
            Log.warnf("job %s: ExportNotified of delivery %s not published yet, the next sweep tries again: %s",
                    delivery.jobId(), delivery.deliveryId(), e.getMessage());
            return false;
        }
    }

    /**
     * The safety net behind {@link #announce}: whatever a crash or an outage of Kafka or the database left
     * unannounced. The sweep stops at the first failure; the next one starts over.
     */
    @Scheduled(every = "${exportflow.notifier.delivery.announce-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void announceOwed() {
        List<DeliveryLog.Unannounced> owed;
        try {
            owed = untilItWorks.call(outage, null,
                    () -> QuarkusTransaction.requiringNew().call(() -> log.unannounced(BATCH)));
        } catch (StoppingException e) {
            return;
        }
        for (DeliveryLog.Unannounced delivery : owed) {
            if (!announce(delivery)) {
                return;
            }
        }
    }

    private void publish(Delivery delivery) {
        if (delivery.givenUp) {
            // with the same outbox row as the ExportNotified: parked once, or again after a crash right here
            deadLetters.givenUp(delivery);
        }
        ExportNotified event = delivery.toNotified();
        EventRecord record = EventRecord.of(event, CloudEventHeaders.stableId(event, delivery.notificationDiscriminator()),
                source, delivery.traceParent);
        Message<ExportNotified> message = Message.of(event).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(record.key()).withHeaders(record.headers()).build());
        if (delivery.traceParent != null) {
            message = message.addMetadata(TracingMetadata.withCurrent(record.traceContext()));
        }
        emitter.sendMessage(message).await().atMost(publishTimeout);
        delivery.notifiedAt = Instant.now();
        Log.infof("job %s generation %d: published ExportNotified %s for the %s email", event.jobId(), event.generation(),
                event.outcome(), delivery.kind.label());
    }
}
