package dev.exportflow.api.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.exportflow.events.EventRecord;
import dev.exportflow.events.EventType;
import dev.exportflow.events.ExportEvent;
import dev.exportflow.events.serde.EventJson;
import dev.exportflow.events.serde.UnreadableEventException;

import io.quarkus.logging.Log;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Sends one locked batch of outbox rows and settles each row by the broker's answer, in the caller's transaction:
 * the acknowledged rows are marked sent (one statement for all of them), a row refused for good is quarantined, any
 * other stays for the next try. A batch holds at most one row per job, so settling rows one by one keeps each job's
 * order.
 */
final class BatchPublisher {

    /** What became of a batch: rows settled (sent or quarantined), and the first failure that may pass. */
    record Outcome(int settled, RuntimeException passingFailure) {
    }

    private final Producer<String, Object> producer;
    private final String source;
    private final Duration sendTimeout;
    private final OutboxQuarantine quarantine;
    private final OutboxRows rows;

    BatchPublisher(Producer<String, Object> producer, String source, Duration sendTimeout, OutboxQuarantine quarantine,
            OutboxRows rows) {
        this.producer = producer;
        this.source = source;
        this.sendTimeout = sendTimeout;
        this.quarantine = quarantine;
        this.rows = rows;
    }

    Outcome publish(List<OutboxEvent> batch) {
        Map<OutboxEvent, Future<RecordMetadata>> sends = new LinkedHashMap<>();
        Map<OutboxEvent, Throwable> failures = new LinkedHashMap<>();
        for (OutboxEvent row : batch) {
            try {
                sends.put(row, producer.send(EventRecord.of(read(row), row.id, source, row.traceParent).toProducerRecord()));
            } catch (RuntimeException e) {
                failures.put(row, e);
            }
        }
        // The producer lingers until told: the batch's records leave together, bounded by the delivery timeout.
        producer.flush();
        long deadline = System.nanoTime() + sendTimeout.toNanos();
        Instant now = Instant.now();
        int settled = 0;
        List<UUID> sent = new ArrayList<>();
        for (OutboxEvent row : batch) {
            Throwable failure = sends.containsKey(row) ? await(sends.get(row), deadline) : failures.get(row);
            if (failure == null) {
                sent.add(row.id);
                settled++;
                Log.debugf("job %s: published %s (outbox %s)", row.aggregateId, row.eventType, row.id);
                continue;
            }
            Optional<String> permanent = Refusals.permanent(failure);
            if (permanent.isPresent()) {
                quarantine.quarantine(row, permanent.get(), now);
                settled++;
            } else {
                failures.put(row, failure);
            }
        }
        rows.markSent(sent, now);
        RuntimeException passing = failures.entrySet().stream()
                .filter(failed -> failed.getKey().quarantinedAt == null)
                .findFirst()
                .map(failed -> new IllegalStateException("Kafka did not take the " + failed.getKey().eventType
                        + " of job " + failed.getKey().aggregateId + ": " + failed.getValue().getMessage(), failed.getValue()))
                .orElse(null);
        return new Outcome(settled, passing);
    }

    private static ExportEvent read(OutboxEvent row) {
        EventType type = EventType.ofCeType(row.eventType)
                .orElseThrow(() -> new UnreadableEventException("Unknown event type " + row.eventType));
        return EventJson.read(row.payload.getBytes(StandardCharsets.UTF_8), type.payloadClass());
    }

    /** @return null once acknowledged, else why not */
    private Throwable await(Future<RecordMetadata> acknowledgement, long deadline) {
        try {
            acknowledgement.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            return new TimeoutException("no acknowledgement within " + sendTimeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e;
        }
    }
}
