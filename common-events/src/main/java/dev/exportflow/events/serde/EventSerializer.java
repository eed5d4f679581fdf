package dev.exportflow.events.serde;

import org.apache.kafka.common.serialization.Serializer;

/** Kafka value serializer for every ExportFlow event. */
public class EventSerializer implements Serializer<Object> {

    @Override
    public byte[] serialize(String topic, Object event) {
        return event == null ? null : EventJson.write(event);
    }
}
