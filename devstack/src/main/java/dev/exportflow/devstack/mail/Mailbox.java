package dev.exportflow.devstack.mail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.exportflow.devstack.DevStackException;

import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

/** Reads what the devstack SMTP server received, through GreenMail's REST API. */
public final class Mailbox {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String apiUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public Mailbox(String apiUrl) {
        this.apiUrl = apiUrl;
    }

    public String apiUrl() {
        return apiUrl;
    }

    public boolean isReady() {
        try {
            return get("/api/service/readiness").statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /** Every message received for an address, oldest first. */
    public List<Email> messagesFor(String address) {
        try {
            HttpResponse<String> response = get("/api/user/" + URLEncoder.encode(address, StandardCharsets.UTF_8) + "/messages/");
            if (response.statusCode() == 404 || response.statusCode() == 400) {
                return List.of();
            }
            if (response.statusCode() != 200) {
                throw new DevStackException("The mailbox API answered " + response.statusCode() + ": " + response.body());
            }
            List<Email> emails = new ArrayList<>();
            for (JsonNode node : JSON.readTree(response.body())) {
                emails.add(decode(node.path("uid").asText(), node.path("mimeMessage").asText()));
            }
            return emails;
        } catch (IOException e) {
            throw new DevStackException("Cannot read the mailbox of " + address + " at " + apiUrl + ": " + e.getMessage(), e);
        }
    }

    /** Deletes every received message. */
    public void purge() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(apiUrl + "/api/mail/purge"))
                    .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new DevStackException("Purging the mailbox failed with HTTP " + response.statusCode());
            }
        } catch (IOException e) {
            throw new DevStackException("Cannot purge the mailbox at " + apiUrl + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DevStackException("Interrupted while purging the mailbox", e);
        }
    }

    private HttpResponse<String> get(String path) throws IOException {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(apiUrl + path)).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    static Email decode(String uid, String mime) {
        try {
            MimeMessage message = new MimeMessage(Session.getInstance(new Properties()),
                    new ByteArrayInputStream(mime.getBytes(StandardCharsets.UTF_8)));
            Parts parts = new Parts();
            parts.collect(message);
            return new Email(uid, message.getMessageID(), message.getSubject(),
                    first(message.getFrom()), first(message.getReplyTo()),
                    message.getAllRecipients() == null ? List.of()
                            : Arrays.stream(message.getAllRecipients()).map(Address::toString).toList(),
                    parts.text, parts.html, List.copyOf(parts.attachments));
        } catch (MessagingException | IOException e) {
            throw new DevStackException("Cannot decode message " + uid + ": " + e.getMessage(), e);
        }
    }

    private static String first(Address[] addresses) {
        return addresses == null || addresses.length == 0 ? null : addresses[0].toString();
    }

    /** Walks a MIME tree and keeps the text and HTML bodies and the attachment names. */
    private static final class Parts {
        private String text;
        private String html;
        private final List<String> attachments = new ArrayList<>();

        void collect(Part part) throws MessagingException, IOException {
            if (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition()) || part.getFileName() != null) {
                attachments.add(part.getFileName());
            } else if (part.isMimeType("text/plain") && text == null) {
                text = part.getContent().toString();
            } else if (part.isMimeType("text/html") && html == null) {
                html = part.getContent().toString();
            } else if (part.isMimeType("multipart/*")) {
                Multipart multipart = (Multipart) part.getContent();
                for (int i = 0; i < multipart.getCount(); i++) {
                    BodyPart body = multipart.getBodyPart(i);
                    collect(body);
                }
            }
        }
    }
}
