package dev.exportflow.worker.export;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.exportflow.devstack.testing.TestKafka;
import dev.exportflow.events.ExportCancelled;
import dev.exportflow.worker.testing.Claims;
import dev.exportflow.worker.testing.WorkerTestStack;

import io.quarkus.test.junit.QuarkusTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Claims that ended more than {@code claim-retention} (8 days) ago are deleted; younger ones stay, and one whose outcome
 * is still owed is published before it goes.
 */
@QuarkusTest
class ClaimPruningTest {

    private final TestKafka kafka = WorkerTestStack.kafka();

    @Test
    void claimsOlderThanTheRetentionAreDeletedOnceTheirOutcomeIsTold() {
        UUID old = UUID.randomUUID();
        UUID oldAndOwed = UUID.randomUUID();
        UUID young = UUID.randomUUID();
        Claims.insertFinished(old, "now() - interval '9 days'", true);
        Claims.insertFinished(oldAndOwed, "now() - interval '9 days'", false);
        Claims.insertFinished(young, "now() - interval '7 days'", true);

        await().atMost(Duration.ofSeconds(30)).until(() -> !Claims.exists(old) && !Claims.exists(oldAndOwed));

        assertThat(kafka.events(ExportCancelled.class, oldAndOwed)).as("told before it was deleted").hasSize(1);
        assertThat(kafka.events(ExportCancelled.class, old)).as("told long ago").isEmpty();
        assertThat(Claims.exists(young)).isTrue();
    }
}
