package dev.exportflow.notifier.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.util.List;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;

import io.vertx.ext.mail.SMTPException;

/** Which SMTP failures are worth another attempt. */
class EmailSenderTest {

    @Test
    void a5xxAnswerIsPermanentAndNamesTheRecipientAndTheServersWords() {
        SendResult result = EmailSender.classify(new CompletionException(
                new SMTPException("RCPT TO", 550, List.of("5.1.1 <nobody@example.com>: user unknown"), false)),
                "nobody@example.com");

        assertThat(result).isEqualTo(SendResult.permanentFailure(
                "The mail server refused the email to nobody@example.com: 550 5.1.1 <nobody@example.com>: user unknown"));
    }

    @Test
    void a4xxAnswerIsTransient() {
        SendResult result = EmailSender.classify(new CompletionException(
                new SMTPException("RCPT TO", 451, List.of("4.7.1 greylisted, try again later"), false)), "a@example.com");

        assertThat(result).isInstanceOf(SendResult.Failed.class);
        assertThat(((SendResult.Failed) result).permanent()).isFalse();
        assertThat(((SendResult.Failed) result).reason()).contains("451").contains("greylisted");
    }

    @Test
    void anUnreachableServerOrASlowOneIsTransient() {
        SendResult refused = EmailSender.classify(new CompletionException(new ConnectException("Connection refused")),
                "a@example.com");
        SendResult slow = EmailSender.classify(new io.smallrye.mutiny.TimeoutException(), "a@example.com");

        assertThat(refused).isEqualTo(SendResult.transientFailure("The mail server could not be reached: Connection refused"));
        assertThat(slow).isEqualTo(SendResult.transientFailure("The mail server did not answer in time."));
    }

    @Test
    void anythingUnknownIsTransientSoThatTheAttemptLimitDecides() {
        SendResult result = EmailSender.classify(new IllegalStateException("Connection was closed"), "a@example.com");

        assertThat(result).isEqualTo(SendResult.transientFailure("Sending failed: Connection was closed"));
    }

    @Test
    void onlyThingsThatLookLikeAnAddressAreSent() {
        assertThat(EmailSender.isAddress("someone@example.com")).isTrue();
        assertThat(EmailSender.isAddress("first.last+tag@sub.example.co.uk")).isTrue();
        assertThat(EmailSender.isAddress("not an address")).isFalse();
        assertThat(EmailSender.isAddress("someone@example.com, other@example.com")).isFalse();
        assertThat(EmailSender.isAddress("someone@@example.com")).isFalse();
        assertThat(EmailSender.isAddress("someone@localhost")).isFalse();
        assertThat(EmailSender.isAddress("")).isFalse();
        assertThat(EmailSender.isAddress(null)).isFalse();
    }
}
