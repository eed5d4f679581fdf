package dev.exportflow.notifier.delivery.messaging;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import dev.exportflow.events.EventType;
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
import dev.exportflow.notifier.outage.DatabaseFailures;
import dev.exportflow.notifier.outage.Outage;
import dev.exportflow.notifier.outage.StoppingException;
import dev.exportflow.notifier.outage.UntilItWorks;

import io.quarkus.logging.Log;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.TracingMetadata;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Turns {@code export-completed}, {@code export-failed} and {@code export-resend-requested} into owed emails
 * in the delivery log. A record is acknowledged once its delivery is durably recorded (or found there
 * already: a redelivery or replay sends nothing); the email itself goes out from the
 * {@link DeliveryDispatcher}, never on this thread. A record the notifier will not act on (unreadable, or invalid
 * by {@link EventValidator}) is refused through {@link Refusals}.
 *
 * <p>While the database is down the record waits, tried again with backoff for as long as the outage lasts
 * ({@link UntilItWorks}): its partition waits, nothing is skipped or parked, the channel never fails. Offsets are
 * committed only after the work, so a record left when the application stops is read again after the restart.
 */
@ApplicationScoped
public class ExportOutcomeConsumer {

    private final DeliveryLog log;
    private final DeliveryDispatcher dispatcher;
    private final DeliveryMetrics metrics;
    private final Refusals refusals;
    private final UntilItWorks untilItWorks;
    private final Map<String, Outage> databaseOutages;

    public ExportOutcomeConsumer(DeliveryLog log, DeliveryDispatcher dispatcher, DeliveryMetrics metrics,
            Refusals refusals, UntilItWorks untilItWorks) {
        this.log = log;
        this.dispatcher = dispatcher;
        this.metrics = metrics;
        this.refusals = refusals;
        this.untilItWorks = untilItWorks;
        this.databaseOutages = DeliveryMetrics.CONSUMED.stream().collect(Collectors.toMap(Function.identity(),
                topic -> new Outage(topic + " consumer", "the database", DatabaseFailures::isTransient,
                        metrics.consumerRetries(topic))));
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
        if (event == null) {
            return refusals.unreadable(message, topic);
        }
        Optional<EmailKind> kind = EmailKind.of(event);
        if (kind.isEmpty()) {
            return refusals.refuse(message, topic, event, new Refusal(Refusal.Reason.UNREADABLE,
                    EventType.of(event).ceType() + " asks for no email"));
        }
        Optional<Refusal> refusal = EventValidator.check(kind.get(), event);
        if (refusal.isPresent()) {
            return refusals.refuse(message, topic, event, refusal.get());
        }
        String job = "job " + event.jobId() + " generation " + event.generation();
        String label = kind.get().label();
        boolean recorded;
        try {
            // the consumer span of this record: ExportNotified continues its trace
            String traceParent = TracingMetadata.fromMessage(message)
                    .map(tracing -> TraceParent.of(tracing.getCurrentContext())).orElse(null);
            recorded = untilItWorks.call(databaseOutages.get(topic), job,
                    () -> log.record(kind.get(), event, recipientOf(event), requestIdOf(event), traceParent));
        } catch (StoppingException e) {
            Log.infof("%s: stopping before the %s email was recorded; the event is read again after the restart", job,
                    label);
            return message.nack(e);
        } catch (RuntimeException e) {
            Log.errorf(e, "%s: the %s email cannot be recorded, and waiting would not change that", job, label);
            return refusals.refuse(message, topic, event, new Refusal(Refusal.Reason.UNRECORDABLE, e.getMessage()));
        }
        if (recorded) {
            Log.infof("%s: %s email owed", job, label);
            dispatcher.wakeUp();
        } else {
            metrics.duplicate(kind.get());
            Log.infof("%s: %s email already owed or sent; duplicate event ignored", job, label);
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
}
