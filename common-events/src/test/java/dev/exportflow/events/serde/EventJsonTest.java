package dev.exportflow.events.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import dev.exportflow.events.CloudEventHeaders;
import dev.exportflow.events.CsvOptions;
import dev.exportflow.events.EventType;
import dev.exportflow.events.ExportCompleted;
import dev.exportflow.events.ExportEvent;
import dev.exportflow.events.ExportNotified;
import dev.exportflow.events.ExportQueued;
import dev.exportflow.events.ExportRequested;
import dev.exportflow.events.Requester;
import dev.exportflow.events.Topics;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class EventJsonTest {

    private static final UUID JOB = UUID.fromString("7b0c2f1e-8a4b-4d0e-9a51-1f2d3c4b5a69");
    private static final Instant AT = Instant.parse("2026-03-01T10:15:30.123Z");
    private static final Requester ADA = new Requester("ada", "ada@example.com", "de-DE", "acme", "Europe/Berlin");

    private final EventSerializer serializer = new EventSerializer();
    private final EventDeserializer deserializer = new EventDeserializer();

    @Test
    void requestedRoundTripsWithEveryField() {
        ExportRequested requested = new ExportRequested(JOB, 2, AT, ADA, "orders",
                Map.of("from_date", "2024-01-01", "min_total", "10.50"), "csv",
                new CsvOptions(";", false, true, true, "Europe/Berlin", "NULL"), AT.minusSeconds(1));

        byte[] json = serializer.serialize(Topics.EXPORT_REQUESTED, requested);

        assertThat(deserializer.deserialize(Topics.EXPORT_REQUESTED, json)).isEqualTo(requested);
    }

    @Test
    void instantsAreIsoTextNotNumbers() {
        String json = EventJson.writeString(completed());

        assertThat(json).contains("\"occurredAt\":\"2026-03-01T10:15:30.123Z\"");
    }

    @Test
    void theCeTypeHeaderWinsOverTheTopic() {
        ExportNotified notified = new ExportNotified(JOB, 1, AT, "email", "completed", "ada@example.com",
                ExportNotified.Outcome.SENT, null);
        RecordHeaders headers = new RecordHeaders();
        CloudEventHeaders.addTo(headers, CloudEventHeaders.of(UUID.randomUUID(), notified, "/exportflow/test"));

        ExportEvent read = deserializer.deserialize("some-replay-copy", headers, EventJson.write(notified));

        assertThat(read).isEqualTo(notified);
    }

    @Test
    void fieldsAddedByANewerProducerAreIgnored() {
        String newer = EventJson.writeString(completed()).replace("{", "{\"addedLater\":{\"x\":1},");

        ExportEvent read = deserializer.deserialize(Topics.EXPORT_COMPLETED, newer.getBytes(StandardCharsets.UTF_8));

        assertThat(read).isEqualTo(completed());
    }

    @Test
    void aCompletionFromAnOlderProducerHasNoStartTime() {
        String older = EventJson.writeString(completed()).replaceAll(",\"startedAt\":\"[^\"]*\"", "");

        ExportCompleted read = (ExportCompleted) deserializer.deserialize(Topics.EXPORT_COMPLETED,
                older.getBytes(StandardCharsets.UTF_8));

        assertThat(older).doesNotContain("startedAt");
        assertThat(read.startedAt()).isNull();
        assertThat(read.sha256()).isEqualTo(completed().sha256());
    }

    @Test
    void garbageIsAnUnreadableEventNamingTheExpectedType() {
        byte[] garbage = "not json at all".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> deserializer.deserialize(Topics.EXPORT_REQUESTED, garbage))
                .isInstanceOf(UnreadableEventException.class)
                .hasMessageContaining("ExportRequested");
        assertThatThrownBy(() -> deserializer.deserialize(Topics.EXPORT_REQUESTED, null))
                .isInstanceOf(UnreadableEventException.class);
        assertThatThrownBy(() -> deserializer.deserialize(Topics.EXPORT_REQUESTED, "null".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(UnreadableEventException.class);
    }

    @Test
    void anUnknownCeTypeIsUnreadable() {
        RecordHeaders headers = new RecordHeaders();
        headers.add(CloudEventHeaders.TYPE, "com.example.other.v1".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> deserializer.deserialize(Topics.EXPORT_COMPLETED, headers, EventJson.write(completed())))
                .isInstanceOf(UnreadableEventException.class)
                .hasMessageContaining("com.example.other.v1");
    }

    @Test
    void cloudEventHeadersDescribeTheEvent() {
        UUID id = UUID.randomUUID();

        Map<String, String> headers = CloudEventHeaders.of(id, completed(), "/exportflow/export-worker");

        assertThat(headers)
                .containsEntry(CloudEventHeaders.ID, id.toString())
                .containsEntry(CloudEventHeaders.TYPE, EventType.EXPORT_COMPLETED.ceType())
                .containsEntry(CloudEventHeaders.SOURCE, "/exportflow/export-worker")
                .containsEntry(CloudEventHeaders.TIME, "2026-03-01T10:15:30.123Z")
                .containsEntry(CloudEventHeaders.SPEC_VERSION, "1.0")
                .containsEntry(CloudEventHeaders.CONTENT_TYPE, "application/json");
    }

    @Test
    void stableIdsRepeatForTheSameJobGenerationAndKindOnly() {
        UUID first = CloudEventHeaders.stableId(completed(), "done");

        assertThat(CloudEventHeaders.stableId(completed(), "done")).isEqualTo(first);
        assertThat(CloudEventHeaders.stableId(completed(), "other")).isNotEqualTo(first);
        ExportCompleted nextGeneration = new ExportCompleted(JOB, 2, AT, ADA, "orders", "Orders", "exports", "k", "f.csv",
                "text/csv", 3, 30, "abc", null);
        assertThat(CloudEventHeaders.stableId(nextGeneration, "done")).isNotEqualTo(first);
    }

    @Test
    void aTopicCarryingTwoTypesReadsRecordsWithoutCeTypeAsItsFirst() {
        ExportQueued queued = new ExportQueued(JOB, 1, AT);
        RecordHeaders headers = new RecordHeaders();
        CloudEventHeaders.addTo(headers, CloudEventHeaders.of(UUID.randomUUID(), queued, "/exportflow/test"));

        assertThat(deserializer.deserialize(Topics.EXPORT_PROGRESS, headers, EventJson.write(queued))).isEqualTo(queued);
        assertThat(EventType.ofTopic(Topics.EXPORT_PROGRESS)).contains(EventType.EXPORT_PROGRESS);
    }

    @Test
    void everyTopicWithEventsMapsToItsType() {
        for (EventType type : EventType.values()) {
            assertThat(EventType.ofTopic(type.topic())).hasValueSatisfying(first -> assertThat(first.topic())
                    .isEqualTo(type.topic()));
            assertThat(EventType.ofCeType(type.ceType())).contains(type);
            assertThat(Topics.ALL).anySatisfy(topic -> assertThat(topic.name()).isEqualTo(type.topic()));
        }
    }

    private static ExportCompleted completed() {
        return new ExportCompleted(JOB, 1, AT, ADA, "orders", "Orders", "exports",
                "exports/" + JOB + "/1/orders-2026-03-01.csv", "orders-2026-03-01.csv", "text/csv; charset=utf-8",
                1234, 56789, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", AT.minusMillis(850));
    }
}
