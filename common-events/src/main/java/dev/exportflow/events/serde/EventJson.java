package dev.exportflow.events.serde;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one JSON mapping of events. Unknown properties are ignored so that a consumer keeps reading
 * events that a newer producer extended with additional fields.
 */
public final class EventJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .build();

    private EventJson() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static byte[] write(Object event) {
        try {
            return MAPPER.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + event.getClass().getSimpleName() + " as JSON", e);
        }
    }

    public static String writeString(Object event) {
        try {
            return MAPPER.writeValueAsString(event);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + event.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /**
     * Reads one event.
     *
     * @throws UnreadableEventException when the bytes are not a readable event of that type
     */
    public static <T> T read(byte[] json, Class<T> type) {
        if (json == null) {
            throw new UnreadableEventException("The record has no value; expected a " + type.getSimpleName());
        }
        try {
            T event = MAPPER.readValue(json, type);
            if (event == null) {
                throw new UnreadableEventException("The record value is JSON null; expected a " + type.getSimpleName());
            }
            return event;
        } catch (JsonProcessingException e) {
            throw new UnreadableEventException("The record value is not a readable " + type.getSimpleName()
                    + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UnreadableEventException("The record value is not a readable " + type.getSimpleName(), e);
        }
    }
}
