package dev.exportflow.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import dev.exportflow.devstack.ServiceConfig.Service;
import dev.exportflow.devstack.services.ServiceProcess;
import dev.exportflow.events.ExportCompleted;
import dev.exportflow.events.ExportQueued;
import dev.exportflow.events.ExportRequested;
import dev.exportflow.events.storage.ObjectKeys;

import io.minio.messages.Item;
import io.restassured.path.json.JsonPath;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Guarantees 1 and 2 with worker replicas as processes: the replica running an export is killed
 * with SIGKILL halfway; another replica takes the job over when the lease expires, and the user
 * ends up with exactly one file and one completion. And a replica killed while it holds a waiting
 * request whose acknowledgement ({@code ExportQueued}) it still owes: the api re-sends the request,
 * another replica acknowledges it, and the job runs once.
 */
@Timeout(420)
class WorkerCrashIT extends SystemTest {

    /** No slots: such a replica queues requests and acknowledges them, but runs nothing. */
    private static final List<String> HOLDING_WORKER = List.of("-Xmx256m", "-Dexportflow.worker.concurrency=0",
            "-Dexportflow.worker.queued-report-after=PT30S");
    private static final Duration REDRIVE_AFTER = Duration.ofSeconds(5);
    /** The api re-sends an unacknowledged request every REDRIVE_AFTER, for long enough that a new replica can start. */
    private static final List<String> API_REDRIVING_SOON = List.of("-Xmx256m", "-Dexportflow.watchdog.every=PT1S",
            "-Dexportflow.watchdog.redrive-after=" + REDRIVE_AFTER, "-Dexportflow.watchdog.max-redrives=10");

    /** The replica running the job once it has written rows, or null while it has not. */
    private static String runningOwner(String token, UUID id) throws Exception {
        String owner = claims.owner(id);
        JsonPath job = api.job(token, id.toString()).jsonPath();
        assertThat(job.getString("status")).as("the export ended before a worker could be killed").isIn("QUEUED", "RUNNING");
        return owner != null && job.getLong("progress.rows") > 0 ? owner : null;
    }

    @Test
    void aWorkerKilledWhileItOwesTheAcknowledgementOfAWaitingJobLosesNothing() throws Exception {
        ServiceProcess apiProcess = system.api();
        ServiceProcess sharedWorker = system.worker();
        system.stop(apiProcess);
        system.stop(sharedWorker);
        apiProcess = system.restart(apiProcess, API_REDRIVING_SOON);
        ServiceProcess holding = system.startInstance(Service.WORKER, "export-worker-holding", HOLDING_WORKER);
        ServiceProcess successor = null;
        try {
            String token = system.stack().tokens().mint("owed-ack-user", "owed.ack@example.com");
            UUID id = UUID.fromString(api.submitAccepted(token, Map.of("dataset", "orders", "format", "csv")));
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                    .until(() -> "PENDING".equals(claims.state(id)));
            holding.kill();
            assertThat(kafka.events(ExportQueued.class, id)).as("killed while the acknowledgement was owed").isEmpty();
            assertThat(api.job(token, id.toString()).jsonPath().getString("status")).isEqualTo("QUEUED");

            await().atMost(REDRIVE_AFTER.multipliedBy(3)).until(() -> kafka.events(ExportRequested.class, id).size() > 1);

            successor = system.startInstance(Service.WORKER, "export-worker-holding-2", HOLDING_WORKER);
            ExportQueued queued = kafka.awaitEvent(ExportQueued.class, id, Duration.ofMinutes(1));
            assertThat(queued.generation()).isEqualTo(1);
            // a re-send may cross the acknowledgement on its way to the api; after that, none may follow
            await().pollDelay(REDRIVE_AFTER).atMost(REDRIVE_AFTER.multipliedBy(2)).until(() -> true);
            int requests = kafka.events(ExportRequested.class, id).size();
            await().during(REDRIVE_AFTER.multipliedBy(2)).atMost(REDRIVE_AFTER.multipliedBy(3))
                    .until(() -> kafka.events(ExportRequested.class, id).size() == requests);
            assertThat(api.job(token, id.toString()).jsonPath().getString("status")).as("acknowledged, so not given up")
                    .isEqualTo("QUEUED");

            system.stop(successor);
            successor = null;
            sharedWorker = system.restart(sharedWorker, SystemUnderTest.WORKER_JVM_OPTIONS);
            JsonPath job = api.awaitFinished(token, id.toString(), Duration.ofMinutes(2));

            assertThat(job.getString("status")).isEqualTo("SUCCEEDED");
            assertThat(job.getLong("file.rows")).isEqualTo(SystemUnderTest.ORDERS);
            assertThat(claims.attempts(id)).as("held by two replicas, run once").isEqualTo(1);
            assertThat(bucket.objects(ObjectKeys.jobPrefix(id))).hasSize(1);
            assertThat(kafka.events(ExportCompleted.class, id)).hasSize(1);
        } finally {
            if (successor != null) {
                system.stop(successor);
            }
            system.stop(holding);
            if (!sharedWorker.isAlive()) {
                system.restart(sharedWorker, SystemUnderTest.WORKER_JVM_OPTIONS);
            }
            system.stop(apiProcess);
            system.restart(apiProcess, SystemUnderTest.SERVICE_JVM_OPTIONS);
        }
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
