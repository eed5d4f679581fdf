package dev.exportflow.worker.export;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MemberDescription;
import org.junit.jupiter.api.Test;

import dev.exportflow.devstack.testing.TestKafka;
import dev.exportflow.events.ExportCompleted;
import dev.exportflow.events.ExportProgress;
import dev.exportflow.events.ExportRequested;
import dev.exportflow.worker.testing.Claims;
import dev.exportflow.worker.testing.Requests;
import dev.exportflow.worker.testing.WorkerTestStack;

import io.quarkus.test.junit.QuarkusTest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Guarantee 4 with the thresholds lowered by the test profile: an export that runs longer than
 * {@code max.poll.interval.ms} (10 s) and the lease (4 s) causes no rebalance, no unhealthy probe and no second run;
 * its record was acknowledged when the job was queued.
 */
@QuarkusTest
class LongExportTest {

    private final TestKafka kafka = WorkerTestStack.kafka();

    @Test
    void anExportLongerThanEveryTimeoutRunsOnceWithoutRebalanceAndStaysHealthy() throws Exception {
        Set<String> membersBefore = groupMembers();
        // 30 pauses of half a second: about 15 seconds
        ExportRequested request = Requests.of("numbers", "acme",
                Map.of("rows", "3000", "pause_every", "100", "pause_ms", "500"));
        List<Integer> readiness = new CopyOnWriteArrayList<>();
        List<Integer> liveness = new CopyOnWriteArrayList<>();

        kafka.publish(request);

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            readiness.add(given().get("/q/health/ready").statusCode());
            liveness.add(given().get("/q/health/live").statusCode());
            return !kafka.events(ExportCompleted.class, request.jobId()).isEmpty();
        });
        ExportCompleted completed = kafka.events(ExportCompleted.class, request.jobId()).get(0);
        List<ExportProgress> progress = kafka.events(ExportProgress.class, request.jobId());
        assertThat(Duration.between(completed.startedAt(), completed.occurredAt()))
                .as("longer than max.poll.interval.ms and the lease")
                .isGreaterThan(Duration.ofSeconds(12));
        assertThat(progress.get(0).occurredAt()).as("running from the first tick of the progress clock on")
                .isBetween(completed.startedAt(), completed.startedAt().plus(Duration.ofSeconds(5)));
        assertThat(readiness).hasSizeGreaterThanOrEqualTo(8).containsOnly(200);
        assertThat(liveness).containsOnly(200);
        assertThat(groupMembers()).as("no consumer left or joined the group").isEqualTo(membersBefore);
        assertThat(kafka.events(ExportCompleted.class, request.jobId())).hasSize(1)
                .allSatisfy(event -> assertThat(event.rows()).isEqualTo(3000));
        assertThat(Claims.column(request.jobId(), "attempts")).as("exactly one run").isEqualTo("1");
        assertThat(progress).hasSizeGreaterThanOrEqualTo(10);
        assertThat(progress).extracting(ExportProgress::rows).isSorted();
        assertThat(progress.get(progress.size() - 1).estimatedTotalRows()).isEqualTo(3000L);
    }

    private static Set<String> groupMembers() throws Exception {
        try (Admin admin = WorkerTestStack.stack().kafka().admin()) {
            return admin.describeConsumerGroups(List.of("export-worker")).all().get().get("export-worker").members().stream()
                    .map(MemberDescription::consumerId)
                    .collect(Collectors.toSet());
        }
    }
}
