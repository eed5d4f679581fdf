package dev.exportflow.devstack.mail;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One message as the SMTP server received it, decoded.
 *
 * @param text the text/plain part, or null
 * @param html the text/html part, or null
 * @param attachmentNames file names of any attachments (ExportFlow never sends one)
 */
public record Email(
        String uid,
        String messageId,
        String subject,
        String from,
        String replyTo,
        List<String> to,
        String text,
        String html,
        List<String> attachmentNames) {

    private static final Pattern URL = Pattern.compile("https?://[^\\s\"'<>]+");

    /** Every URL in the plain-text part, in order. */
    public List<String> textLinks() {
        return links(text);
    }

    /** Every URL in the HTML part, in order. */
    public List<String> htmlLinks() {
        return links(html);
    }

    /** The first link of the plain-text part whose path contains {@code fragment}. */
    public String linkContaining(String fragment) {
        return textLinks().stream().filter(link -> link.contains(fragment)).findFirst()
                .orElseThrow(() -> new IllegalStateException("No link containing '" + fragment + "' in email '" + subject + "'"));
    }

    private static List<String> links(String body) {
        if (body == null) {
            return List.of();
        }
        Matcher matcher = URL.matcher(body);
        List<String> links = new java.util.ArrayList<>();
        while (matcher.find()) {
            links.add(matcher.group().replace("&amp;", "&"));
        }
        return links;
    }
}
