package dev.exportflow.api.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

import dev.exportflow.api.outbox.Outbox.OutboxWritten;
import dev.exportflow.events.EventRecord;
import dev.exportflow.events.EventType;
import dev.exportflow.events.ExportEvent;
import dev.exportflow.events.serde.EventJson;
import dev.exportflow.events.serde.EventSerializer;

import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Publishes outbox rows to Kafka: woken right after each commit that wrote one, and by a periodic
 * sweep for rows left by a crash or another replica.
 *
 * <p>A plain {@link KafkaProducer} rather than a SmallRye {@code Emitter}: a batch is marked sent only
 * after the broker acknowledged every record of it, inside the transaction that holds the rows'
 * locks, so the relay needs to block on each send's result; an Emitter's channel adds buffering and
 * its own retry policy between us and that acknowledgement.
 *
 * <p>Several replicas relay at once safely: each locks a batch with {@code FOR UPDATE SKIP LOCKED}, and
 * a row is only eligible when no earlier unsent row of the same job exists, so a job's events are
 * published in order even when two replicas work side by side.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final AtomicInteger RELAYS = new AtomicInteger();

    private static final String LOCK_NEXT_BATCH = """
            select o.* from outbox_event o
            where o.sent_at is null
              and not exists (select 1 from outbox_event earlier
                              where earlier.aggregate_id = o.aggregate_id
                                and earlier.sent_at is null
                                and earlier.seq < o.seq)
            order by o.seq
            limit :limit
            for update of o skip locked""";

    private final OutboxConfig config;
    private final String bootstrapServers;
    private final String source;
    private final Semaphore wakeUps = new Semaphore(0);
    private volatile boolean running;
    private Thread thread;
    private Producer<String, Object> producer;

    public OutboxRelay(OutboxConfig config,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            @ConfigProperty(name = "quarkus.application.name") String applicationName) {
        this.config = config;
        this.bootstrapServers = bootstrapServers;
        this.source = EventRecord.source(applicationName);
    }

    void onStart(@Observes StartupEvent startup) {
        if (!config.relayEnabled()) {
            Log.info("outbox relay disabled on this instance (exportflow.outbox.relay-enabled=false)");
            return;
        }
        start();
    }

    void onStop(@Observes ShutdownEvent shutdown) {
        stop();
    }

    /** Starts relaying on a thread of its own; tests start extra instances to relay side by side. */
    void start() {
        producer = new KafkaProducer<>(producerConfig(), new StringSerializer(), new EventSerializer());
        running = true;
        thread = new Thread(this::run, "outbox-relay-" + RELAYS.incrementAndGet());
        thread.setDaemon(true);
        thread.start();
    }

    void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }

    /** Wakes the relay now instead of at the next sweep. */
    void wakeUp() {
        wakeUps.release();
    }

    /** Runs after the transaction that wrote an outbox row committed: publish now, not at the next sweep. */
    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) OutboxWritten written) {
        wakeUp();
    }

    private Properties producerConfig() {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, "export-api-outbox-" + UUID.randomUUID());
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // Idempotence keeps order within a partition with up to 5 requests in flight.
        properties.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) config.sendTimeout().toMillis());
        properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(config.sendTimeout().toMillis(), 15_000));
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) config.sendTimeout().toMillis());
        return properties;
    }

    private void run() {
        Instant nextPrune = Instant.now();
        while (running) {
            try {
                if (relayOnce() > 0) {
                    continue;
                }
                if (!Instant.now().isBefore(nextPrune)) {
                    prune();
                    nextPrune = Instant.now().plus(config.sweepInterval().multipliedBy(12));
                }
                wakeUps.tryAcquire(config.sweepInterval().toMillis(), TimeUnit.MILLISECONDS);
                wakeUps.drainPermits();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                Log.warnf("outbox relay: %s; retrying in %s", e.getMessage(), config.sweepInterval());
                try {
                    TimeUnit.MILLISECONDS.sleep(Math.min(config.sweepInterval().toMillis(), 2000));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * Publishes the next batch of pending rows and marks them sent once the broker acknowledged all.
     *
     * @return how many rows were published
     */
    int relayOnce() {
        return QuarkusTransaction.requiringNew()
                .timeout((int) config.sendTimeout().multipliedBy(2).toSeconds())
                .call(this::publishLockedBatch);
    }

    @SuppressWarnings("unchecked")
    private int publishLockedBatch() {
        List<OutboxEvent> batch = OutboxEvent.getEntityManager()
                .createNativeQuery(LOCK_NEXT_BATCH, OutboxEvent.class)
                .setParameter("limit", config.batchSize())
                .getResultList();
        if (batch.isEmpty()) {
            return 0;
        }
        List<Future<RecordMetadata>> acknowledgements = new ArrayList<>(batch.size());
        for (OutboxEvent row : batch) {
            ExportEvent event = EventJson.read(row.payload.getBytes(StandardCharsets.UTF_8),
                    EventType.ofCeType(row.eventType)
                            .orElseThrow(() -> new IllegalStateException("unknown event type " + row.eventType))
                            .payloadClass());
            acknowledgements.add(producer.send(EventRecord.of(event, row.id, source, row.traceParent).toProducerRecord()));
        }
        awaitAll(acknowledgements);
        Instant now = Instant.now();
        for (OutboxEvent row : batch) {
            row.sentAt = now;
            Log.debugf("job %s: published %s (outbox %s)", row.aggregateId, row.eventType, row.id);
        }
        return batch.size();
    }

    private void awaitAll(List<Future<RecordMetadata>> acknowledgements) {
        long deadline = System.nanoTime() + config.sendTimeout().toNanos();
        try {
            for (Future<RecordMetadata> acknowledgement : acknowledgements) {
                acknowledgement.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka refused an outbox record: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not acknowledge the outbox batch within " + config.sendTimeout(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing the outbox", e);
        }
    }

    private void prune() {
        Instant before = Instant.now().minus(config.keepSent());
        int pruned = QuarkusTransaction.requiringNew().call(() -> (int) OutboxEvent.delete("sentAt < ?1", before));
        if (pruned > 0) {
            Log.debugf("outbox: pruned %d sent rows", pruned);
        }
    }
}
