package dev.exportflow.events.messaging;

import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

import static org.assertj.core.api.Assertions.assertThat;

class ConsumersJoinedTest {

    private static final Config CONFIG = new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(Map.of(
            "mp.messaging.incoming.export-requested.connector", "smallrye-kafka",
            "mp.messaging.incoming.export-requested.topic", "export-requested",
            "mp.messaging.incoming.cancels.connector", "smallrye-kafka",
            "mp.messaging.incoming.cancels.topic", "export-cancel-requested",
            "mp.messaging.incoming.by-name.connector", "smallrye-kafka",
            "mp.messaging.incoming.switched-off.connector", "smallrye-kafka",
            "mp.messaging.incoming.switched-off.enabled", "false",
            "mp.messaging.incoming.in-memory.connector", "smallrye-in-memory",
            "mp.messaging.outgoing.export-events.connector", "smallrye-kafka"), "test", 100)).build();

    private final ConsumersJoined check = new ConsumersJoined(CONFIG);

    @Test
    void waitsForEveryEnabledIncomingKafkaChannelByItsTopic() {
        assertThat(ConsumersJoined.kafkaChannels(CONFIG)).containsExactly(
                Map.entry("by-name", "by-name"),
                Map.entry("cancels", "export-cancel-requested"),
                Map.entry("export-requested", "export-requested"));
    }

    @Test
    void isDownUntilEachChannelHasJoinedAndAMemberGivenNoPartitionHasJoinedToo() {
        HealthCheckResponse before = check.call();
        assertThat(before.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(before.getName()).isEqualTo(ConsumersJoined.CHECK);
        assertThat(before.getData()).hasValueSatisfying(data -> assertThat(data).containsEntry("cancels", "joining its group"));

        try (KafkaConsumer<String, String> requests = consumer("export-requested");
                KafkaConsumer<String, String> cancels = consumer("export-cancel-requested");
                KafkaConsumer<String, String> byName = consumer("by-name")) {
            check.onPartitionsAssigned(requests, List.of(new TopicPartition("export-requested", 3)));
            check.onPartitionsAssigned(cancels, List.of());
            assertThat(check.call().getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
            assertThat(check.call().getData()).hasValueSatisfying(data -> assertThat(data)
                    .containsEntry("export-requested", "joined").containsEntry("cancels", "joined")
                    .containsEntry("by-name", "joining its group"));

            check.onPartitionsAssigned(byName, List.of(new TopicPartition("by-name", 0)));
            check.onPartitionsRevoked(byName, List.of(new TopicPartition("by-name", 0)));
        }

        assertThat(check.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
    }

    /** A real client that never connects: subscribing only records the topic. */
    private static KafkaConsumer<String, String> consumer(String topic) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "test");
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                new StringDeserializer());
        consumer.subscribe(List.of(topic));
        return consumer;
    }
}
