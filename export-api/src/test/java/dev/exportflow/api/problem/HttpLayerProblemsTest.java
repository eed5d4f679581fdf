package dev.exportflow.api.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.exportflow.api.support.Api;
import dev.exportflow.api.support.Untouched;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

import org.junit.jupiter.api.Test;

/**
 * Requests that an HTTP library would not send, written on a plain socket: a body announced far over the limit and
 * never sent, an Accept header that is no media type. Each gets a problem+json answer, never an empty one or a 500.
 */
@QuarkusTest
class HttpLayerProblemsTest {

    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?i)\r\ncontent-length: *(\\d+)");

    @TestHTTPResource("/")
    URI api;

    @Test
    void aBodyAnnouncedBeyondTheHttpLayersOwnLimitIsRefusedUnreadWithTheProblem() throws IOException {
        String user = Api.newUser("announced");
        String answer = exchange("POST /api/exports HTTP/1.1\r\nAuthorization: Bearer " + Api.token(user)
                + "\r\nContent-Type: application/json\r\nContent-Length: 2000000\r\n");

        assertProblem(answer, 413, "body-too-large");
        Untouched.assertNothingStoredOrPublishedFor(user);
    }

    @Test
    void anUnparsableAcceptHeaderIsAnsweredAsIfThereWereNone() throws IOException {
        assertProblem(exchange("GET /d/not-a-link HTTP/1.1\r\nAccept: a/b/c\r\n"), 403, "link-invalid");
    }

    /**
     * Sends a request head, and no body even when it announces one, and reads the answer's head and its
     * Content-Length bytes of body (the server may keep the connection open for the body it was promised).
     */
    private String exchange(String head) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), api.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write((head + "Host: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            while (!answer.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                answer.write(b);
            }
            Matcher length = CONTENT_LENGTH.matcher(answer.toString(StandardCharsets.ISO_8859_1));
            if (length.find()) {
                answer.write(in.readNBytes(Integer.parseInt(length.group(1))));
            }
            return answer.toString(StandardCharsets.UTF_8);
        }
    }

    /** @param slug the problem type's last part; null: any type */
    private static void assertProblem(String answer, int status, String slug) {
        assertThat(answer).startsWith("HTTP/1.1 " + status + " ");
        String head = answer.substring(0, answer.indexOf("\r\n\r\n")).toLowerCase();
        assertThat(head).contains("content-type: application/problem+json");
        String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
        assertThat(body).contains("\"status\":" + status);
        if (slug != null) {
            assertThat(body).contains("\"type\":\"https://exportflow.dev/problems/" + slug + "\"");
        }
    }
}
