package dev.exportflow.api.admin;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * A dead-lettered record as operators see it: where it is, its key, its headers as text (the {@code dead-letter-*}
 * headers say why it was dead-lettered) and the start of its value as UTF-8 text.
 *
 * @param valueSize the value's length in bytes (null for a record without value)
 * @param valueTruncated whether {@code value} is only the first {@value #MAX_TEXT} bytes of it
 */
public record DeadLetter(String topic, int partition, long offset, Instant timestamp, String key,
        Map<String, String> headers, String value, Integer valueSize, boolean valueTruncated) {

    /** Bytes of a value, key or header shown; a record may hold a megabyte of anything. */
    public static final int MAX_TEXT = 2048;
    /** Headers shown per record; the first ones win, a record may carry thousands. */
    public static final int MAX_HEADERS = 64;

    static DeadLetter of(ConsumerRecord<byte[], byte[]> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            if (headers.size() == MAX_HEADERS && !headers.containsKey(header.key())) {
                continue;
            }
            headers.put(text(header.key().getBytes(StandardCharsets.UTF_8)), text(header.value()));
        }
        byte[] value = record.value();
        return new DeadLetter(record.topic(), record.partition(), record.offset(), Instant.ofEpochMilli(record.timestamp()),
                text(record.key()), headers, text(value), value == null ? null : value.length,
                value != null && value.length > MAX_TEXT);
    }

    /** UTF-8 text of at most {@value #MAX_TEXT} bytes, never cut inside a character; bad bytes become U+FFFD. */
    static String text(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        int length = bytes.length;
        if (length > MAX_TEXT) {
            length = MAX_TEXT;
            // back off to the first byte of the character that would be cut
            while (length > 0 && (bytes[length] & 0xC0) == 0x80) {
                length--;
            }
        }
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }
}
