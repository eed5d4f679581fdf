package dev.exportflow.api.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.exportflow.api.support.Api;
import dev.exportflow.devstack.testing.TestKafka;
import dev.exportflow.events.Topics;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/admin/dead-letters} against the real broker: records published with dead-letter headers come back
 * newest first, at most {@code limit}, values cut at 2 KB, headers as text, and reading commits nothing.
 */
@QuarkusTest
class DeadLettersTest {

    private final Operator.Session operator = Operator.newOperator();

    @Test
    void theNewestDeadLettersComeBackWithTheirHeadersAndTheirValuesCutAt2Kb() {
        String run = UUID.randomUUID().toString();
        String big = "é".repeat(3000);
        RecordMetadata last;
        try (TestKafka kafka = new TestKafka(Api.stack())) {
            kafka.send(deadLetter(Topics.EXPORT_REQUESTED_DLQ, run + "-1", "{\"jobId\":\"one\"}".getBytes(StandardCharsets.UTF_8),
                    "Unrecognized field \"surprise\""));
            kafka.send(deadLetter(Topics.EXPORT_REQUESTED_DLQ, run + "-2", big.getBytes(StandardCharsets.UTF_8),
                    "too big"));
            ProducerRecord<String, byte[]> binary = deadLetter(Topics.EXPORT_REQUESTED_DLQ, run + "-3",
                    new byte[] {(byte) 0xff, (byte) 0xfe, 0, 65}, "not UTF-8");
            binary.headers().add("raw", new byte[] {(byte) 0xc3});
            last = kafka.send(binary);
        }

        JsonPath letters = read(Topics.EXPORT_REQUESTED_DLQ, 3);
        assertThat(letters.getList("key")).containsExactly(run + "-3", run + "-2", run + "-1");
        assertThat(letters.getList("topic")).containsOnly(Topics.EXPORT_REQUESTED_DLQ);
        assertThat(letters.getLong("[0].offset")).isEqualTo(last.offset());
        assertThat(letters.getInt("[0].partition")).isEqualTo(last.partition());
        assertThat(letters.getString("[0].timestamp")).endsWith("Z");
        assertThat(letters.getString("[2].value")).isEqualTo("{\"jobId\":\"one\"}");
        assertThat(letters.getMap("[2].headers")).containsEntry("dead-letter-reason", "Unrecognized field \"surprise\"")
                .containsEntry("dead-letter-topic", Topics.EXPORT_REQUESTED)
                .containsEntry("dead-letter-partition", "7")
                .containsEntry("ce_type", "dev.exportflow.export.requested.v1");
        assertThat(letters.getBoolean("[2].valueTruncated")).isFalse();

        String cut = letters.getString("[1].value");
        assertThat(cut.getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(2048).hasSizeGreaterThan(2040);
        assertThat(cut).isEqualTo("é".repeat(1024));
        assertThat(letters.getBoolean("[1].valueTruncated")).isTrue();
        assertThat(letters.getInt("[1].valueSize")).isEqualTo(6000);

        assertThat(letters.getString("[0].value")).isEqualTo("\uFFFD\uFFFD\u0000A");
        assertThat(letters.getString("[0].headers.raw")).isEqualTo("\uFFFD");

        assertThat(read(Topics.EXPORT_REQUESTED_DLQ, 1).getList("key")).containsExactly(run + "-3");
        try (TestKafka kafka = new TestKafka(Api.stack())) {
            assertThat(kafka.records(Topics.EXPORT_REQUESTED_DLQ).stream().filter(r -> r.key() != null
                    && r.key().startsWith(run))).as("reading consumes nothing").hasSize(3);
        }
    }

    @Test
    void theNotifiersDeadLettersAreReadTheSameWay() {
        String key = UUID.randomUUID().toString();
        try (TestKafka kafka = new TestKafka(Api.stack())) {
            kafka.send(deadLetter(Topics.EXPORT_NOTIFY_DLQ, key, "{}".getBytes(StandardCharsets.UTF_8), "gave up"));
        }
        JsonPath letters = read(Topics.EXPORT_NOTIFY_DLQ, 50);
        assertThat(letters.getList("key")).hasSizeLessThanOrEqualTo(50).first().isEqualTo(key);
        assertThat(letters.getString("[0].headers.dead-letter-reason")).isEqualTo("gave up");
    }

    @Test
    void anUnknownTopicOrABadLimitIsA400NamingIt() {
        for (Map<String, String> query : List.of(Map.of("topic", "export-requested"), Map.<String, String>of(),
                Map.of("topic", "__consumer_offsets"))) {
            operator.call().queryParams(query).get("/api/admin/dead-letters").then().statusCode(400)
                    .contentType("application/problem+json").body("errors.field", equalTo(List.of("topic")));
        }
        for (String limit : List.of("0", "101", "lots")) {
            operator.call().queryParam("topic", Topics.EXPORT_NOTIFY_DLQ).queryParam("limit", limit)
                    .get("/api/admin/dead-letters").then().statusCode(400).body("errors.field", equalTo(List.of("limit")));
        }
    }

    private JsonPath read(String topic, int limit) {
        return operator.call().queryParam("topic", topic).queryParam("limit", limit).get("/api/admin/dead-letters").then()
                .statusCode(200).extract().jsonPath();
    }

    private static ProducerRecord<String, byte[]> deadLetter(String topic, String key, byte[] value, String reason) {
        // One partition: records of the same millisecond are newest-first by offset there, across partitions by
        // partition number (a timestamp is all the partitions share), so spread over several they could swap places.
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, 0, key, value);
        record.headers().add("dead-letter-reason", reason.getBytes(StandardCharsets.UTF_8));
        record.headers().add("dead-letter-topic", Topics.EXPORT_REQUESTED.getBytes(StandardCharsets.UTF_8));
        record.headers().add("dead-letter-partition", "7".getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_type", "dev.exportflow.export.requested.v1".getBytes(StandardCharsets.UTF_8));
        return record;
    }
}
