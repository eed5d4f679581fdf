package dev.exportflow.notifier.delivery.messaging;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import dev.exportflow.events.ExportCompleted;
import dev.exportflow.events.ExportEvent;
import dev.exportflow.events.ExportFailed;
import dev.exportflow.events.Requester;
import dev.exportflow.events.Topics;
import dev.exportflow.notifier.delivery.DeliveryDispatcher;
import dev.exportflow.notifier.delivery.DeliveryLog;
import dev.exportflow.notifier.delivery.DeliveryMetrics;
import dev.exportflow.notifier.delivery.ExportOutcome;

import io.quarkus.logging.Log;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Turns {@code export-completed} and {@code export-failed} into owed emails in the delivery log. A record
 * is acknowledged once its delivery is durably recorded (or found there already: a redelivery or replay
 * sends nothing); the email itself goes out from the {@link DeliveryDispatcher}, never on this thread.
 */
@ApplicationScoped
public class ExportOutcomeConsumer {

    private final DeliveryLog log;
    private final DeliveryDispatcher dispatcher;
    private final DeliveryMetrics metrics;

    public ExportOutcomeConsumer(DeliveryLog log, DeliveryDispatcher dispatcher, DeliveryMetrics metrics) {
        this.log = log;
        this.dispatcher = dispatcher;
        this.metrics = metrics;
    }

    @Incoming(Topics.EXPORT_COMPLETED)
    @Blocking
    public CompletionStage<Void> completed(Message<ExportCompleted> message) {
        return receive(message, Topics.EXPORT_COMPLETED);
    }

    @Incoming(Topics.EXPORT_FAILED)
    @Blocking
    public CompletionStage<Void> failed(Message<ExportFailed> message) {
        return receive(message, Topics.EXPORT_FAILED);
    }

    private CompletionStage<Void> receive(Message<? extends ExportEvent> message, String topic) {
        metrics.received(topic);
        ExportEvent event = message.getPayload();
        Optional<ExportOutcome> about = event == null ? Optional.empty() : ExportOutcome.of(event);
        if (about.isEmpty()) {
            metrics.unreadable();
            Log.errorf("Skipping a record that is not an export outcome at %s", where(message));
            return message.ack();
        }
        try {
            if (log.record(about.get(), event, recipientOf(event))) {
                Log.infof("job %s generation %d: %s email owed", event.jobId(), event.generation(), about.get().wireName());
                dispatcher.wakeUp();
            } else {
                metrics.duplicate(about.get());
                Log.infof("job %s generation %d: %s email already owed or sent; duplicate event ignored", event.jobId(),
                        event.generation(), about.get().wireName());
            }
        } catch (RuntimeException e) {
            Log.errorf(e, "job %s generation %d: cannot record the %s email", event.jobId(), event.generation(),
                    about.get().wireName());
            return message.nack(e);
        }
        return message.ack();
    }

    private static String recipientOf(ExportEvent event) {
        Requester requester = event instanceof ExportCompleted completed ? completed.requester()
                : ((ExportFailed) event).requester();
        return requester == null ? null : requester.email();
    }

    private static String where(Message<?> message) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(record -> record.getTopic() + "-" + record.getPartition() + "@" + record.getOffset())
                .orElse("an unknown position");
    }
}
