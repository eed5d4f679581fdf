package dev.exportflow.api.watchdog;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.exportflow.events.Topics;

import io.quarkus.logging.Log;
import io.smallrye.common.annotation.Identifier;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * How far the api has read what the workers report ({@code ExportQueued}, progress, endings, cancellations). The
 * watchdog takes a missing acknowledgement for a lost request only where the report cannot be sitting unread: after a
 * restart the api's consumers read nothing until they have rejoined their group (after a kill -9 not before the dead
 * members' sessions time out), and nothing at all while the broker is away; a report published meanwhile is unread,
 * not missing.
 *
 * <p>Each call notes the report topics' end offsets and when it asked. The api has heard every report up to the
 * newest such moment whose offsets its consumer group has committed: the group's, not this replica's, since each
 * replica's watchdog handles every job while each reads only some partitions. Kafka's answers have a time limit;
 * without them the moment known last stands.
 */
@ApplicationScoped
public class ReportsHeard {

    /** The topics whose reports end a job's wait for a worker. */
    static final List<String> TOPICS = List.of(Topics.EXPORT_PROGRESS, Topics.EXPORT_COMPLETED, Topics.EXPORT_FAILED,
            Topics.EXPORT_CANCELLED);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    /** One per sweep while the group catches up; older ones only make the answer coarser. */
    private static final int MAX_MARKS = 100;

    private final Map<String, Object> kafkaConfig;
    private final String group;
    private final Deque<Mark> marks = new ArrayDeque<>();
    private Admin admin;
    private Instant heard;
    private boolean answered = true;

    @Inject
    public ReportsHeard(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            @ConfigProperty(name = "quarkus.application.name") String applicationName) {
        this(String.valueOf(kafkaConfig.getOrDefault(ConsumerConfig.GROUP_ID_CONFIG, applicationName)), kafkaConfig);
    }

    /** For the consumer group {@code group}, which tests choose. */
    ReportsHeard(String group, Map<String, Object> kafkaConfig) {
        this.kafkaConfig = kafkaConfig;
        this.group = group;
    }

    /**
     * @param now the caller's clock (a test's runs ahead)
     * @return the moment up to which the group has read every report: the later of {@code now} and the moment of
     *         asking when it has read all there is; empty as long as no such moment is known
     */
    public synchronized Optional<Instant> upTo(Instant now) {
        Instant asked = Instant.now();
        try {
            List<TopicPartition> partitions = partitions();
            Map<TopicPartition, Long> ends = offsets(partitions, OffsetSpec.latest());
            Map<TopicPartition, Long> read = committed(partitions, ends);
            if (!answered) {
                Log.info("job watchdog: Kafka answers again; re-drives go by what the api has read of the reports");
                answered = true;
            }
            if (reached(read, ends)) {
                marks.clear();
                heard = later(heard, later(asked, now));
            } else {
                marks.addLast(new Mark(asked, ends));
                while (marks.size() > MAX_MARKS) {
                    marks.removeFirst();
                }
                Mark newest = null;
                for (Mark mark : marks) {
                    if (reached(read, mark.ends())) {
                        newest = mark;
                    }
                }
                if (newest != null) {
                    heard = later(heard, newest.at());
                    Mark dropped;
                    do {
                        dropped = marks.removeFirst();
                    } while (dropped != newest);
                }
            }
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            if (answered) {
                Log.warnf("job watchdog: cannot tell how far the api has read the workers' reports (%s); no request is"
                        + " sent again or given up for want of an acknowledgement until Kafka answers", e.toString());
                answered = false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Optional.ofNullable(heard);
    }

    /** A partition the group never committed counts as read up to its earliest offset (older records are gone). */
    private Map<TopicPartition, Long> committed(List<TopicPartition> partitions, Map<TopicPartition, Long> ends)
            throws ExecutionException, TimeoutException, InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> committed = admin().listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, Long> read = new HashMap<>();
        committed.forEach((partition, offset) -> {
            if (offset != null) {
                read.put(partition, offset.offset());
            }
        });
        if (!read.keySet().containsAll(ends.keySet())) {
            offsets(partitions, OffsetSpec.earliest()).forEach(read::putIfAbsent);
        }
        return read;
    }

    /** Every partition of the report topics. */
    private List<TopicPartition> partitions() throws ExecutionException, TimeoutException, InterruptedException {
        Map<String, TopicDescription> topics = admin().describeTopics(TOPICS).allTopicNames()
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        return topics.values().stream()
                .flatMap(topic -> topic.partitions().stream()
                        .map(partition -> new TopicPartition(topic.name(), partition.partition())))
                .toList();
    }

    private Map<TopicPartition, Long> offsets(List<TopicPartition> partitions, OffsetSpec spec)
            throws ExecutionException, TimeoutException, InterruptedException {
        Map<TopicPartition, OffsetSpec> wanted = partitions.stream()
                .collect(Collectors.toMap(Function.identity(), partition -> spec));
        return admin().listOffsets(wanted).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().offset()));
    }

    private static boolean reached(Map<TopicPartition, Long> read, Map<TopicPartition, Long> ends) {
        return ends.entrySet().stream().allMatch(end -> read.getOrDefault(end.getKey(), 0L) >= end.getValue());
    }

    private static Instant later(Instant one, Instant other) {
        return one == null || other.isAfter(one) ? other : one;
    }

    /** Every {@code kafka.*} setting Kafka's admin client knows (bootstrap servers, security, truststore). */
    private Admin admin() {
        if (admin == null) {
            Map<String, Object> settings = new HashMap<>();
            kafkaConfig.forEach((key, value) -> {
                if (AdminClientConfig.configNames().contains(key)) {
                    settings.put(key, value);
                }
            });
            settings.put(AdminClientConfig.CLIENT_ID_CONFIG, "export-api-reports-heard-" + UUID.randomUUID());
            settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
            settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
            admin = Admin.create(settings);
        }
        return admin;
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) {
            admin.close(TIMEOUT);
        }
    }

    /** The report topics' end offsets when the watchdog asked. */
    private record Mark(Instant at, Map<TopicPartition, Long> ends) {
    }
}
