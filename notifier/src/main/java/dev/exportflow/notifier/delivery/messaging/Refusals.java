package dev.exportflow.notifier.delivery.messaging;

import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.eclipse.microprofile.reactive.messaging.Message;

import dev.exportflow.events.ExportEvent;
import dev.exportflow.events.Topics;
import dev.exportflow.events.messaging.DeadLetterParking;
import dev.exportflow.events.serde.EventJson;
import dev.exportflow.notifier.delivery.DeliveryMetrics;
import dev.exportflow.notifier.outage.Outage;
import dev.exportflow.notifier.outage.StoppingException;
import dev.exportflow.notifier.outage.UntilItWorks;

import io.quarkus.logging.Log;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Refuses a record the notifier will not act on: logged with its job id and position, counted
 * ({@code exportflow_events_refused_total{channel,reason}}), parked in {@code export-notify.dlq}, then acknowledged so
 * that it never blocks its partition. While Kafka does not take the parked record the record waits (with backoff),
 * so that a refused record is never dropped.
 */
@ApplicationScoped
public class Refusals {

    private final DeadLetters deadLetters;
    private final DeliveryMetrics metrics;
    private final UntilItWorks untilItWorks;
    private final Map<String, Outage> kafkaOutages;

    public Refusals(DeadLetters deadLetters, DeliveryMetrics metrics, UntilItWorks untilItWorks) {
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.untilItWorks = untilItWorks;
        this.kafkaOutages = DeliveryMetrics.CONSUMED.stream().collect(Collectors.toMap(Function.identity(),
                topic -> new Outage(topic + " consumer", "Kafka (" + Topics.EXPORT_NOTIFY_DLQ + ")",
                        failure -> !DeadLetterParking.refusesTheRecord(failure), metrics.consumerRetries(topic))));
    }

    /** A record that is no event (not JSON, unknown type): parked with its original bytes. */
    public CompletionStage<Void> unreadable(Message<?> message, String topic) {
        Refusal refusal = new Refusal(Refusal.Reason.UNREADABLE, "no event the notifier emails about");
        return refuse(message, topic, refusal, null, () -> deadLetters.unreadable(message, topic));
    }

    /** An event the notifier will not act on: parked as it was read. */
    public CompletionStage<Void> refuse(Message<?> message, String topic, ExportEvent event, Refusal refusal) {
        return refuse(message, topic, refusal, event,
                () -> deadLetters.refused(message, topic, EventJson.write(event), refusal));
    }

    private CompletionStage<Void> refuse(Message<?> message, String topic, Refusal refusal, ExportEvent event,
            Runnable park) {
        metrics.refused(topic, refusal.reason());
        if (refusal.reason() == Refusal.Reason.UNREADABLE) {
            metrics.unreadable();
        }
        String about = about(message, event);
        Log.warnf("%s: the record at %s is refused and parked in %s: %s", about, where(message), Topics.EXPORT_NOTIFY_DLQ,
                refusal.describe());
        try {
            untilItWorks.call(kafkaOutages.get(topic), about, () -> {
                park.run();
                return null;
            });
        } catch (StoppingException e) {
            Log.infof("%s: stopping before the refused record was parked; it is read again after the restart", about);
            return message.nack(e);
        } catch (RuntimeException e) {
            Log.errorf(e, "%s: the refused record cannot be parked in %s", about, Topics.EXPORT_NOTIFY_DLQ);
            return message.nack(e);
        }
        return message.ack();
    }

    /** {@code job <id> generation <n>} from the event, else {@code job <record key>} */
    private static String about(Message<?> message, ExportEvent event) {
        if (event != null && event.jobId() != null) {
            return "job " + event.jobId() + " generation " + event.generation();
        }
        return "job " + message.getMetadata(IncomingKafkaRecordMetadata.class).map(IncomingKafkaRecordMetadata::getKey)
                .orElse(null);
    }

    private static String where(Message<?> message) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(record -> record.getTopic() + "-" + record.getPartition() + "@" + record.getOffset())
                .orElse("an unknown position");
    }
}
