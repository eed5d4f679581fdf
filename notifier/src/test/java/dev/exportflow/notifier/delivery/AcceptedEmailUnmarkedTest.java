package dev.exportflow.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;

import org.junit.jupiter.api.Test;

import dev.exportflow.events.ExportCompleted;
import dev.exportflow.notifier.mail.EmailSender;
import dev.exportflow.notifier.mail.MailConfig;
import dev.exportflow.notifier.mail.SendResult;
import dev.exportflow.notifier.support.DeliveryRows;
import dev.exportflow.notifier.support.ExportEvents;
import dev.exportflow.notifier.support.NotifierTest;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The SMTP server (the real one) accepts an email, and in that moment PostgreSQL ends every other connection of the
 * delivery log, so the transaction that marks the row SENT cannot commit. The row stays PENDING and is attempted again
 * once the database answers: that attempt records the accepted email as sent instead of sending it a second time.
 */
@QuarkusTest
class AcceptedEmailUnmarkedTest extends NotifierTest {

    private static final Duration HEAL = Duration.ofSeconds(60);

    @Test
    void anEmailTheServerAcceptedIsNotSentAgainWhenItsRowCouldNotBeMarked() {
        ExportCompleted event = ExportEvents.completed(ExportEvents.requester("en", null));
        int cutsBefore = DatabaseLostAfterSending.CUTS.get();
        DatabaseLostAfterSending.cutAfter(event.jobId());

        kafka.publish(event);

        awaitEachEmailedExactlyOnce(List.of(event), HEAL);
        assertThat(DatabaseLostAfterSending.CUTS.get()).as("the connections were cut once the server had accepted it")
                .isEqualTo(cutsBefore + 1);
        assertThat(DeliveryRows.of(event.jobId())).singleElement()
                .satisfies(delivery -> assertThat(delivery.attempts).as("one email handed over").isEqualTo(1));
    }

    /**
     * The real sender, in every test of this module; only once armed, right after the server has accepted the email of
     * the job named, it has PostgreSQL end every other connection to the delivery log (the sender's among them).
     */
    @Alternative
    @Priority(1)
    @Singleton
    public static class DatabaseLostAfterSending extends EmailSender {

        static final AtomicInteger CUTS = new AtomicInteger();
        private static volatile UUID cutForJob;
        private final DataSource dataSource;

        public DatabaseLostAfterSending(ReactiveMailer mailer, MailConfig config, MeterRegistry registry,
                DataSource dataSource) {
            super(mailer, config, registry);
            this.dataSource = dataSource;
        }

        static void cutAfter(UUID jobId) {
            cutForJob = jobId;
        }

        @Override
        public SendResult send(Mail mail, UUID jobId) {
            SendResult result = super.send(mail, jobId);
            if (!(result instanceof SendResult.Failed) && jobId.equals(cutForJob)) {
                cutForJob = null;
                QuarkusTransaction.suspendingExisting().run(this::endOtherConnections);
                CUTS.incrementAndGet();
            }
            return result;
        }

        private void endOtherConnections() {
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("select pg_terminate_backend(pid) from pg_stat_activity"
                        + " where datname = current_database() and pid <> pg_backend_pid()");
            } catch (SQLException e) {
                throw new IllegalStateException("could not end the delivery log's connections", e);
            }
        }
    }
}
