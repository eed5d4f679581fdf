package dev.exportflow.api.download;

import java.util.List;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

/** The media types a request accepts, best first, read from a header any client may fill with anything. */
public final class AcceptHeader {

    private AcceptHeader() {
    }

    /** The accepted types; none when the header is missing or cannot be parsed, as for a client without preference. */
    public static List<MediaType> typesOf(HttpHeaders headers) {
        try {
            return headers.getAcceptableMediaTypes();
        } catch (IllegalArgumentException unparsable) {
            return List.of();
        }
    }
}
