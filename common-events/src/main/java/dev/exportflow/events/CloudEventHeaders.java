package dev.exportflow.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.common.header.Headers;

/**
 * CloudEvents 1.0 Kafka protocol binding, binary content mode: the event's attributes travel as
 * {@code ce_*} record headers and the record value is the JSON payload.
 */
public final class CloudEventHeaders {

    public static final String ID = "ce_id";
    public static final String TYPE = "ce_type";
    public static final String SOURCE = "ce_source";
    public static final String TIME = "ce_time";
    public static final String SPEC_VERSION = "ce_specversion";
    public static final String CONTENT_TYPE = "content-type";

    public static final String SPEC_VERSION_1_0 = "1.0";
    public static final String JSON = "application/json";

    private CloudEventHeaders() {
    }

    /**
     * The headers of one event.
     *
     * @param id unique per event; a re-publication of the same event keeps its id
     * @param source the producing service, e.g. {@code /exportflow/export-worker}
     */
    public static Map<String, String> of(UUID id, ExportEvent event, String source) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(SPEC_VERSION, SPEC_VERSION_1_0);
        headers.put(ID, id.toString());
        headers.put(TYPE, EventType.of(event).ceType());
        headers.put(SOURCE, source);
        headers.put(TIME, event.occurredAt().toString());
        headers.put(CONTENT_TYPE, JSON);
        return headers;
    }

    /** Deterministic event id: the same job, generation and kind always give the same id. */
    public static UUID stableId(ExportEvent event, String discriminator) {
        String name = event.jobId() + "/" + event.generation() + "/" + EventType.of(event).ceType() + "/" + discriminator;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }

    public static void addTo(Headers target, Map<String, String> headers) {
        headers.forEach((name, value) -> target.add(name, value.getBytes(StandardCharsets.UTF_8)));
    }

    /** The last value of a header as text, or null when absent. */
    public static String read(Headers headers, String name) {
        var header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    public static Instant readTime(Headers headers) {
        String time = read(headers, TIME);
        return time == null ? null : Instant.parse(time);
    }
}
