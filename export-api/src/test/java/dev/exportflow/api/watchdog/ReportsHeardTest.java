package dev.exportflow.api.watchdog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.inject.Inject;

import dev.exportflow.api.support.Api;
import dev.exportflow.devstack.process.Ports;
import dev.exportflow.devstack.testing.TestKafka;
import dev.exportflow.events.ExportQueued;
import dev.exportflow.events.Topics;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.common.annotation.Identifier;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * How far a consumer group has read the report topics, against the real broker: a group of its own per test, whose
 * commits the test makes, so that it reads exactly what the test says.
 */
@QuarkusTest
class ReportsHeardTest {

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    @AutoClose
    private final TestKafka kafka = new TestKafka(Api.stack());

    @Test
    void aGroupThatReadNothingYetHasHeardNothingAndOneThatReadToTheEndHasHeardEverything() {
        String group = "reports-heard-" + UUID.randomUUID();
        kafka.publish(new ExportQueued(UUID.randomUUID(), 1, Instant.now()));
        ReportsHeard heard = new ReportsHeard(group, kafkaConfig);
        try {
            assertThat(heard.upTo(Instant.now())).as("nothing committed while the topics hold reports").isEmpty();

            commitToTheEnd(group);
            Instant ahead = Instant.now().plus(Duration.ofHours(1));
            assertThat(heard.upTo(ahead)).as("read to the end: up to the caller's clock").contains(ahead);
        } finally {
            heard.close();
        }
    }

    @Test
    void aGroupBehindHasHeardUpToTheNewestMomentWhoseOffsetsItCommitted() {
        String group = "reports-heard-" + UUID.randomUUID();
        UUID job = UUID.randomUUID();
        commitToTheEnd(group);
        ReportsHeard heard = new ReportsHeard(group, kafkaConfig);
        try {
            RecordMetadata first = kafka.publish(new ExportQueued(job, 1, Instant.now()));
            Instant beforeFirstMark = Instant.now();
            assertThat(heard.upTo(Instant.now())).as("the group has not read the new report").isEmpty();
            Instant afterFirstMark = Instant.now();
            RecordMetadata second = kafka.publish(new ExportQueued(job, 2, Instant.now()));
            assertThat(second.partition()).as("one job's reports share a partition").isEqualTo(first.partition());
            assertThat(heard.upTo(Instant.now())).isEmpty();

            commit(group, new TopicPartition(Topics.EXPORT_PROGRESS, first.partition()), first.offset() + 1);
            Optional<Instant> upTo = heard.upTo(Instant.now());
            assertThat(upTo).as("read the first report, not the second: up to the first mark").isPresent();
            assertThat(upTo.get()).isBetween(beforeFirstMark, afterFirstMark);

            commit(group, new TopicPartition(Topics.EXPORT_PROGRESS, second.partition()), second.offset() + 1);
            Instant now = Instant.now();
            assertThat(heard.upTo(now)).as("read to the end: up to the moment of asking")
                    .hasValueSatisfying(moment -> assertThat(moment).isAfterOrEqualTo(now));
        } finally {
            heard.close();
        }
    }

    @Test
    void withoutKafkaNothingIsKnownAndTheAnswerComesWithinItsTimeLimit() throws IOException {
        String group = "reports-heard-" + UUID.randomUUID();
        commitToTheEnd(group);
        Map<String, Object> unreachable = new HashMap<>(kafkaConfig);
        unreachable.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Ports.LOOPBACK + ":" + closedPort());
        ReportsHeard nothing = new ReportsHeard(group, unreachable);
        try {
            long started = System.nanoTime();
            assertThat(nothing.upTo(Instant.now())).isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
        } finally {
            nothing.close();
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(Ports.LOOPBACK))) {
            return socket.getLocalPort();
        }
    }

    /** Commits the group at the end of every report topic's partitions, as a group that has read everything. */
    private void commitToTheEnd(String group) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(group)) {
            List<TopicPartition> partitions = ReportsHeard.TOPICS.stream()
                    .flatMap(topic -> consumer.partitionsFor(topic).stream()
                            .map(info -> new TopicPartition(topic, info.partition())))
                    .toList();
            Map<TopicPartition, OffsetAndMetadata> ends = new HashMap<>();
            consumer.endOffsets(partitions).forEach((partition, end) -> ends.put(partition, new OffsetAndMetadata(end)));
            consumer.commitSync(ends);
        }
    }

    private void commit(String group, TopicPartition partition, long offset) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(group)) {
            consumer.commitSync(Map.of(partition, new OffsetAndMetadata(offset)));
        }
    }

    private KafkaConsumer<byte[], byte[]> consumer(String group) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaConfig.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG));
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
