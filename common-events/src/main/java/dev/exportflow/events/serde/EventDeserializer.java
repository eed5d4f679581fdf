package dev.exportflow.events.serde;

import dev.exportflow.events.CloudEventHeaders;
import dev.exportflow.events.EventType;
import dev.exportflow.events.ExportEvent;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka value deserializer for every ExportFlow event: the record's {@code ce_type} header, or else
 * the topic it was read from, says which event class the JSON value is.
 *
 * @throws UnreadableEventException for a value that is not such an event
 */
public class EventDeserializer implements Deserializer<ExportEvent> {

    @Override
    public ExportEvent deserialize(String topic, byte[] data) {
        return EventJson.read(data, typeOfTopic(topic).payloadClass());
    }

    @Override
    public ExportEvent deserialize(String topic, Headers headers, byte[] data) {
        String ceType = headers == null ? null : CloudEventHeaders.read(headers, CloudEventHeaders.TYPE);
        EventType type = ceType == null ? typeOfTopic(topic) : EventType.ofCeType(ceType)
                .orElseThrow(() -> new UnreadableEventException("Unknown event type '" + ceType + "' on topic " + topic));
        return EventJson.read(data, type.payloadClass());
    }

    private static EventType typeOfTopic(String topic) {
        return EventType.ofTopic(topic)
                .orElseThrow(() -> new UnreadableEventException("Topic " + topic + " carries no ExportFlow event type"));
    }
}
