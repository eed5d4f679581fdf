package dev.exportflow.systemtests;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import dev.exportflow.devstack.DevStack;
import dev.exportflow.devstack.Endpoints;
import dev.exportflow.events.EventType;
import dev.exportflow.events.ExportEvent;
import dev.exportflow.events.TraceParent;
import dev.exportflow.events.serde.EventDeserializer;

import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** What the system did, read straight from the servers: records on topics, objects in the bucket, claims in the worker db. */
final class Observed {

    private final DevStack stack;

    Observed(DevStack stack) {
        this.stack = stack;
    }

    /** Every event of one job on a topic, from the beginning of the topic. */
    List<ExportEvent> events(EventType type, UUID jobId) {
        EventDeserializer deserializer = new EventDeserializer();
        return records(type, jobId).stream()
                .map(record -> deserializer.deserialize(record.topic(), record.headers(), record.value())).toList();
    }

    /** The trace id each event of one job on a topic carries in its {@code traceparent} header (null without one). */
    List<String> traceIds(EventType type, UUID jobId) {
        return records(type, jobId).stream().map(record -> {
            Header header = record.headers().lastHeader(TraceParent.HEADER);
            return header == null ? null : TraceParent.traceId(new String(header.value(), StandardCharsets.UTF_8));
        }).toList();
    }

    private List<ConsumerRecord<String, byte[]>> records(EventType type, UUID jobId) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.endpoints().kafkaBootstrapServers());
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(type.topic()).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < end.get(partition))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (jobId.toString().equals(record.key())) {
                        records.add(record);
                    }
                }
            }
        }
        return records;
    }

    /** The objects stored for a job, all generations. */
    List<Item> objects(UUID jobId) throws Exception {
        Endpoints endpoints = stack.endpoints();
        MinioClient client = MinioClient.builder().endpoint(endpoints.s3Url())
                .credentials(endpoints.s3AccessKey(), endpoints.s3SecretKey()).build();
        List<Item> items = new ArrayList<>();
        for (Result<Item> result : client.listObjects(ListObjectsArgs.builder().bucket(endpoints.bucket())
                .prefix("exports/" + jobId + "/").recursive(true).build())) {
            items.add(result.get());
        }
        return items;
    }

    /** The replica running a job, as the worker names itself ({@code host/pid/random}); null when none runs it. */
    String claimOwner(UUID jobId) throws SQLException {
        return claimColumn(jobId, "owner");
    }

    /** How many runs of a job the workers started. */
    int claimAttempts(UUID jobId) throws SQLException {
        return Integer.parseInt(claimColumn(jobId, "attempts"));
    }

    private String claimColumn(UUID jobId, String column) throws SQLException {
        try (Connection connection = DriverManager.getConnection(stack.endpoints().jdbcUrl(Endpoints.WORKER_DATABASE),
                Endpoints.SERVICE_USER, Endpoints.SERVICE_PASSWORD);
                PreparedStatement query = connection.prepareStatement(
                        "select " + column + " from export_claim where job_id = ?")) {
            query.setObject(1, jobId);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }

    static long pidOfOwner(String owner) {
        return Long.parseLong(owner.split("/")[1]);
    }

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
