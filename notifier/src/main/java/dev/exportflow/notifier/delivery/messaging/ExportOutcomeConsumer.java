package dev.exportflow.notifier.delivery.messaging;

import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import dev.exportflow.events.ExportCompleted;
import dev.exportflow.events.ExportEvent;
import dev.exportflow.events.ExportFailed;
import dev.exportflow.events.ExportResendRequested;
import dev.exportflow.events.Requester;
import dev.exportflow.events.Topics;
import dev.exportflow.events.TraceParent;
import dev.exportflow.notifier.delivery.DeliveryDispatcher;
import dev.exportflow.notifier.delivery.DeliveryLog;
import dev.exportflow.notifier.delivery.DeliveryMetrics;
import dev.exportflow.notifier.delivery.EmailKind;

import io.quarkus.logging.Log;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Turns {@code export-completed}, {@code export-failed} and {@code export-resend-requested} into owed emails
 * in the delivery log. A record is acknowledged once its delivery is durably recorded (or found there
 * already: a redelivery or replay sends nothing); the email itself goes out from the
 * {@link DeliveryDispatcher}, never on this thread. A record that asks for no email (not JSON, unknown type) is
 * acknowledged once it is parked in {@code export-notify.dlq}.
 */
@ApplicationScoped
public class ExportOutcomeConsumer {

    private final DeliveryLog log;
    private final DeliveryDispatcher dispatcher;
    private final DeliveryMetrics metrics;
    private final DeadLetters deadLetters;

    public ExportOutcomeConsumer(DeliveryLog log, DeliveryDispatcher dispatcher, DeliveryMetrics metrics,
            DeadLetters deadLetters) {
        this.log = log;
        this.dispatcher = dispatcher;
        this.metrics = metrics;
        this.deadLetters = deadLetters;
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

    @Incoming(Topics.EXPORT_RESEND_REQUESTED)
    @Blocking
    public CompletionStage<Void> resendRequested(Message<ExportResendRequested> message) {
        return receive(message, Topics.EXPORT_RESEND_REQUESTED);
    }

    private CompletionStage<Void> receive(Message<? extends ExportEvent> message, String topic) {
        metrics.received(topic);
        ExportEvent event = message.getPayload();
        Optional<EmailKind> kind = event == null ? Optional.empty() : EmailKind.of(event);
        if (kind.isEmpty()) {
            metrics.unreadable();
            Log.errorf("A record at %s asks for no email; parked in %s", where(message), Topics.EXPORT_NOTIFY_DLQ);
            return deadLetters.unreadable(message, topic).thenCompose(parked -> message.ack());
        }
        String label = kind.get().label();
        try {
            // the consumer span of this record: ExportNotified continues its trace
            String traceParent = TracingMetadata.fromMessage(message)
                    .map(tracing -> TraceParent.of(tracing.getCurrentContext())).orElse(null);
            if (log.record(kind.get(), event, recipientOf(event), requestIdOf(event), traceParent)) {
                Log.infof("job %s generation %d: %s email owed", event.jobId(), event.generation(), label);
                dispatcher.wakeUp();
            } else {
                metrics.duplicate(kind.get());
                Log.infof("job %s generation %d: %s email already owed or sent; duplicate event ignored", event.jobId(),
                        event.generation(), label);
            }
        } catch (RuntimeException e) {
            Log.errorf(e, "job %s generation %d: cannot record the %s email", event.jobId(), event.generation(), label);
            return message.nack(e);
        }
        return message.ack();
    }

    private static String recipientOf(ExportEvent event) {
        Requester requester;
        if (event instanceof ExportCompleted completed) {
            requester = completed.requester();
        } else if (event instanceof ExportResendRequested resend) {
            requester = resend.requester();
        } else {
            requester = ((ExportFailed) event).requester();
        }
        return requester == null ? null : requester.email();
    }

    private static UUID requestIdOf(ExportEvent event) {
        return event instanceof ExportResendRequested resend ? resend.requestId() : null;
    }

    private static String where(Message<?> message) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(record -> record.getTopic() + "-" + record.getPartition() + "@" + record.getOffset()
                        + " (job " + record.getKey() + ")")
                .orElse("an unknown position");
    }
}
