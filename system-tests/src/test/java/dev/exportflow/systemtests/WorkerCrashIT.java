package dev.exportflow.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import dev.exportflow.devstack.ServiceConfig.Service;
import dev.exportflow.devstack.services.ServiceProcess;
import dev.exportflow.events.ExportCompleted;
import dev.exportflow.events.storage.ObjectKeys;

import io.minio.messages.Item;
import io.restassured.path.json.JsonPath;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Guarantees 1 and 2 with worker replicas as processes: the replica running an export is killed
 * with SIGKILL halfway; another replica takes the job over when the lease expires, and the user
 * ends up with exactly one file and one completion.
 */
@Timeout(420)
class WorkerCrashIT extends SystemTest {

    /** The replica running the job once it has written rows, or null while it has not. */
    private static String runningOwner(String token, UUID id) throws Exception {
        String owner = claims.owner(id);
        JsonPath job = api.job(token, id.toString()).jsonPath();
        assertThat(job.getString("status")).as("the export ended before a worker could be killed").isIn("QUEUED", "RUNNING");
        return owner != null && job.getLong("progress.rows") > 0 ? owner : null;
    }

    @Test
    void aWorkerKilledMidExportLeavesOneFileAndOneCompletion() throws Exception {
        ServiceProcess second = system.startInstance(Service.WORKER, "export-worker-2", SystemUnderTest.WORKER_JVM_OPTIONS);
        ServiceProcess victim = null;
        try {
            String token = system.stack().tokens().builder("crash-user").tenant(SystemUnderTest.BULK_TENANT)
                    .email("crash.user@example.com").sign();
            UUID id = UUID.fromString(api.submitAccepted(token, Map.of("dataset", "orders", "format", "csv")));

            String owner = await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
                    .until(() -> runningOwner(token, id), Objects::nonNull);
            long ownerPid = WorkerClaims.pidOfOwner(owner);
            victim = system.services().stream().filter(process -> process.pid() == ownerPid).findFirst().orElseThrow();
            victim.kill();

            JsonPath job = api.awaitFinished(token, id.toString(), Duration.ofMinutes(4));

            assertThat(job.getString("status")).isEqualTo("SUCCEEDED");
            assertThat(job.getLong("file.rows")).isEqualTo(SystemUnderTest.BULK_ORDERS);
            assertThat(claims.attempts(id)).as("the killed run and the one that finished").isEqualTo(2);
            assertThat(bucket.objects(ObjectKeys.jobPrefix(id))).singleElement()
                    .satisfies(item -> assertThat(item.size()).isEqualTo(job.getLong("file.size")))
                    .extracting(Item::objectName).asString().endsWith(job.getString("file.name"));
            assertThat(kafka.events(ExportCompleted.class, id)).singleElement()
                    .satisfies(event -> assertThat(event.sha256()).isEqualTo(job.getString("file.sha256")));
        } finally {
            system.stop(second);
            if (victim != null && victim != second) {
                system.restart(victim, SystemUnderTest.WORKER_JVM_OPTIONS);
            }
        }
    }
}
