package dev.exportflow.systemtests;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * HTTP/1.1 over a plain socket, one request per connection: it sends what an HTTP library would refuse to (any
 * bytes in a path segment, any header value, a chunked body) and measures how long the answer took.
 */
final class RawHttp {

    /** The most of an answer's body kept (enough to tell a problem document). */
    private static final int KEPT_BODY = 64 * 1024;
    private static final int CHUNK = 8 * 1024;

    /**
     * @param target the request target as sent, e.g. {@code /api/exports/%ZZ?limit=1}
     * @param headers name and value pairs besides Host, Connection and the body's framing
     * @param body null for none
     * @param chunked whether the body goes as {@code Transfer-Encoding: chunked} rather than with a Content-Length
     * @param stream whether the answer is an event stream: then only its head is read
     */
    record Request(String method, String target, List<String[]> headers, byte[] body, boolean chunked, boolean stream) {

        /** The endpoint, e.g. {@code POST /api/exports/{id}/cancel}: the path with its variable segments named. */
        String endpoint() {
            String path = target.contains("?") ? target.substring(0, target.indexOf('?')) : target;
            if (path.startsWith("/d/")) {
                return method + " /d/{token}";
            }
            if (path.startsWith("/api/exports/")) {
                String rest = path.substring("/api/exports/".length());
                int slash = rest.indexOf('/');
                return method + " /api/exports/{id}" + (slash < 0 ? "" : rest.substring(slash));
            }
            return method + " " + path;
        }

        /** Whether the client asked for an HTML page (a browser following an emailed link). */
        boolean asksForHtml() {
            return headers.stream().anyMatch(header -> header[0].equalsIgnoreCase("Accept") && header[1].contains("text/html"));
        }

        /** A short description for a report. */
        String describe() {
            String head = method + " " + shorten(target, 100);
            String auth = headers.stream().filter(header -> header[0].equalsIgnoreCase("Authorization")).map(header -> header[1])
                    .findFirst().map(value -> " auth=" + shorten(value, 24)).orElse(" no auth");
            String sent = body == null ? "" : " body(" + body.length + " bytes" + (chunked ? ", chunked" : "") + ")="
                    + shorten(new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8), 90);
            return head + auth + sent;
        }
    }

    /**
     * @param status 0 when no answer came
     * @param contentType lower case, or empty
     * @param nanos from the first byte sent to the last byte of the answer (of its head, for an event stream)
     * @param timedOut whether the answer did not end within the client's patience
     */
    record Answer(int status, String contentType, String body, long nanos, boolean timedOut) {
    }

    private RawHttp() {
    }

    static Answer send(int port, Request request, Duration patience) {
        long started = System.nanoTime();
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout((int) patience.toMillis());
            try {
                write(socket.getOutputStream(), port, request);
            } catch (IOException refusedMidway) {
                // the server may answer (413) and close before it read everything: its answer is still readable
            }
            return read(socket.getInputStream(), request.stream(), started, patience);
        } catch (IOException e) {
            return new Answer(0, "", e.toString(), System.nanoTime() - started, false);
        }
    }

    private static void write(OutputStream out, int port, Request request) throws IOException {
        StringBuilder head = new StringBuilder(request.method()).append(' ').append(request.target()).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:").append(port).append("\r\nConnection: close\r\n");
        request.headers().forEach(header -> head.append(header[0]).append(": ").append(header[1]).append("\r\n"));
        if (request.body() != null) {
            head.append(request.chunked() ? "Transfer-Encoding: chunked\r\n"
                    : "Content-Length: " + request.body().length + "\r\n");
        }
        out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        if (request.body() != null && request.chunked()) {
            for (int offset = 0; offset < request.body().length; offset += CHUNK) {
                int size = Math.min(CHUNK, request.body().length - offset);
                out.write((Integer.toHexString(size) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.write(request.body(), offset, size);
                out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        } else if (request.body() != null) {
            out.write(request.body());
        }
        out.flush();
    }

    private static Answer read(InputStream in, boolean stream, long started, Duration patience) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        int headEnd = -1;
        try {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                if (received.size() < KEPT_BODY) {
                    received.write(buffer, 0, read);
                }
                if (headEnd < 0) {
                    headEnd = received.toString(StandardCharsets.ISO_8859_1).indexOf("\r\n\r\n");
                }
                if (stream && headEnd >= 0) {
                    break;
                }
            }
        } catch (SocketTimeoutException tooSlow) {
            return parse(received.toString(StandardCharsets.ISO_8859_1), patience.toNanos(), true);
        }
        return parse(received.toString(StandardCharsets.ISO_8859_1), System.nanoTime() - started, false);
    }

    private static Answer parse(String raw, long nanos, boolean timedOut) {
        int headEnd = raw.indexOf("\r\n\r\n");
        if (!raw.startsWith("HTTP/1.") || raw.length() < 12) {
            return new Answer(0, "", raw, nanos, timedOut);
        }
        int status = Integer.parseInt(raw.substring(9, 12));
        String head = headEnd < 0 ? raw : raw.substring(0, headEnd);
        String contentType = head.lines().skip(1).filter(line -> line.toLowerCase(Locale.ROOT).startsWith("content-type:"))
                .map(line -> line.substring(line.indexOf(':') + 1).trim().toLowerCase(Locale.ROOT)).findFirst().orElse("");
        String body = headEnd < 0 ? "" : raw.substring(headEnd + 4);
        return new Answer(status, contentType, body, nanos, timedOut);
    }

    static String shorten(String text, int max) {
        String flat = text.replaceAll("[\\r\\n\\t]", " ");
        return flat.length() <= max ? flat : flat.substring(0, max) + "…(" + flat.length() + ")";
    }
}
