package dev.exportflow.api.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

import dev.exportflow.api.outbox.Outbox.OutboxWritten;
import dev.exportflow.api.outbox.BatchPublisher.Outcome;
import dev.exportflow.events.EventRecord;
import dev.exportflow.events.serde.EventSerializer;

import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduler;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.context.api.ManagedExecutorConfig;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.eclipse.microprofile.context.ThreadContext;

/**
 * Publishes outbox rows to Kafka: woken right after each commit that wrote one, and by a periodic sweep (the Quarkus
 * scheduler) for rows left by a crash or another replica. The publishing runs as a task of the managed executor,
 * one at a time per relay; a failure ends it, and the next wake-up or sweep tries again.
 *
 * <p>A plain {@link KafkaProducer} rather than a SmallRye {@code Emitter}: a batch is marked sent only
 * after the broker acknowledged every record of it, inside the transaction that holds the rows'
 * locks, so the relay needs to block on each send's result; an Emitter's channel adds buffering and
 * its own retry policy between us and that acknowledgement.
 *
 * <p>Several replicas relay at once safely: each locks a batch with {@code FOR UPDATE SKIP LOCKED}, and
 * a row is only eligible when no earlier unsent row of the same job exists, so a job's events are
 * published in order even when two replicas work side by side.
 *
 * <p>Nothing is retried forever: a row Kafka refuses for good is quarantined ({@link OutboxQuarantine}) and the rest
 * goes on. The producer is configured from every {@code kafka.*} setting of the service, as the channels are.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final AtomicInteger RELAYS = new AtomicInteger();
    /** Sent rows are pruned every this many sweeps. */
    private static final int SWEEPS_PER_PRUNE = 12;
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);
    private static final Duration LINGER_UNTIL_FLUSH = Duration.ofMillis(50);

    private final OutboxConfig config;
    private final Map<String, Object> kafkaConfig;
    private final OutboxQuarantine quarantine;
    private final OutboxRows rows;
    private final String source;
    private final ManagedExecutor executor;
    private final Scheduler scheduler;
    /** Set by each wake-up, taken by the publishing task: work may be waiting. */
    private final AtomicBoolean wanted = new AtomicBoolean();
    private final AtomicBoolean publishing = new AtomicBoolean();
    private volatile CompletableFuture<Void> task = CompletableFuture.completedFuture(null);
    private volatile boolean running;
    private String name;
    private Producer<String, Object> producer;
    private BatchPublisher publisher;

    /**
     * @param kafkaConfig every {@code kafka.*} setting (bootstrap servers, security protocol, SASL, truststore)
     * @param executor propagates nothing: a wake-up comes from a transaction that has just committed
     */
    public OutboxRelay(OutboxConfig config,
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            OutboxQuarantine quarantine,
            OutboxRows rows,
            @ConfigProperty(name = "quarkus.application.name") String applicationName,
            @ManagedExecutorConfig(propagated = {}, cleared = ThreadContext.ALL_REMAINING) ManagedExecutor executor,
            Scheduler scheduler) {
        this.config = config;
        this.kafkaConfig = kafkaConfig;
        this.quarantine = quarantine;
        this.rows = rows;
        this.source = EventRecord.source(applicationName);
        this.executor = executor;
        this.scheduler = scheduler;
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

    /** Starts relaying with a sweep and a pruning of its own; tests start extra instances to relay side by side. */
    void start() {
        producer = new KafkaProducer<>(producerConfig(), new StringSerializer(), new EventSerializer());
        publisher = new BatchPublisher(producer, source, config.sendTimeout(), quarantine, rows);
        name = "outbox-relay-" + RELAYS.incrementAndGet();
        running = true;
        schedule(name + "-sweep", config.sweepInterval(), this::wakeUp);
        schedule(name + "-prune", config.sweepInterval().multipliedBy(SWEEPS_PER_PRUNE), this::prune);
        wakeUp();
    }

    /** Stops sweeping, waits for a batch in flight (its rows stay unsent if it cannot finish) and closes the producer. */
    void stop() {
        if (!running) {
            return;
        }
        running = false;
        scheduler.unscheduleJob(name + "-sweep");
        scheduler.unscheduleJob(name + "-prune");
        try {
            task.get(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            Log.debugf("outbox relay %s stopped while publishing: %s", name, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }

    /** Publishes now instead of at the next sweep: starts the publishing task unless it runs already. */
    void wakeUp() {
        if (!running) {
            return;
        }
        wanted.set(true);
        if (publishing.compareAndSet(false, true)) {
            task = executor.runAsync(this::publishPending);
        }
    }

    /** Runs after the transaction that wrote an outbox row committed: publish now, not at the next sweep. */
    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) OutboxWritten written) {
        wakeUp();
    }

    private void schedule(String job, Duration every, Runnable task) {
        scheduler.newJob(job).setInterval(every.toString())
                .setConcurrentExecution(Scheduled.ConcurrentExecution.SKIP)
                .setTask(execution -> task.run())
                .schedule();
    }

    private Properties producerConfig() {
        Properties properties = new Properties();
        properties.putAll(kafkaConfig);
        // Quarkus adds the consumer group to the shared settings; a producer has none.
        properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, "export-api-outbox-" + UUID.randomUUID());
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // Idempotence keeps order within a partition with up to 5 requests in flight.
        properties.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        // Never waited out: each batch ends with a flush, which sends what the batch put in at once, in one request
        // per broker rather than one as each record comes (linger 0 sent a batch's first records on their own).
        properties.put(ProducerConfig.LINGER_MS_CONFIG, (int) LINGER_UNTIL_FLUSH.toMillis());
        properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) config.sendTimeout().toMillis());
        // The producer requires linger plus request timeout to fit in the delivery timeout.
        properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                (int) Math.min(config.sendTimeout().minus(LINGER_UNTIL_FLUSH).toMillis(), 15_000));
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) config.sendTimeout().toMillis());
        return properties;
    }

    /** Publishes batch after batch until none is left, and again while wake-ups arrived meanwhile. */
    private void publishPending() {
        boolean failed = false;
        try {
            while (running && wanted.getAndSet(false)) {
                int published;
                do {
                    published = relayOnce();
                } while (running && published > 0 && lingered(published));
            }
        } catch (RuntimeException e) {
            failed = true;
            Log.warnf("outbox relay: %s; retrying at the next wake-up or sweep (every %s)", e.getMessage(),
                    config.sweepInterval());
        } finally {
            publishing.set(false);
        }
        // A wake-up that came after the last check but before the flag was released would otherwise wait for the sweep.
        if (!failed && wanted.get()) {
            wakeUp();
        }
    }

    /** After a batch that was not full, waits for more rows to gather; false when interrupted (the relay stops). */
    private boolean lingered(int published) {
        if (published >= config.batchSize() || config.batchLinger().isZero()) {
            return true;
        }
        try {
            Thread.sleep(config.batchLinger().toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Publishes the next batch of pending rows: marks sent what the broker acknowledged and quarantines what it refused
     * for good, then commits.
     *
     * @return how many rows were settled
     * @throws IllegalStateException after the commit, when a row failed in a way that may pass: it stays pending
     */
    int relayOnce() {
        Outcome outcome = QuarkusTransaction.requiringNew()
                .timeout((int) config.sendTimeout().multipliedBy(2).toSeconds())
                .call(this::publishLockedBatch);
        if (outcome.passingFailure() != null) {
            throw outcome.passingFailure();
        }
        return outcome.settled();
    }

    private Outcome publishLockedBatch() {
        List<OutboxEvent> batch = rows.lockNextBatch(config.batchSize());
        return batch.isEmpty() ? new Outcome(0, null) : publisher.publish(batch);
    }

    private void prune() {
        if (!running) {
            return;
        }
        Instant before = Instant.now().minus(config.keepSent());
        try {
            int pruned = QuarkusTransaction.requiringNew().call(() -> (int) OutboxEvent.delete("sentAt < ?1", before));
            if (pruned > 0) {
                Log.debugf("outbox: pruned %d sent rows", pruned);
            }
        } catch (RuntimeException e) {
            Log.warnf("outbox: sent rows not pruned, the next pruning tries again: %s", e.getMessage());
        }
    }
}
