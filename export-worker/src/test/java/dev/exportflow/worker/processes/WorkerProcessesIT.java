package dev.exportflow.worker.processes;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.exportflow.devstack.Endpoints;
import dev.exportflow.devstack.faults.TcpProxy;
import dev.exportflow.devstack.services.ServiceProcess;
import dev.exportflow.devstack.testing.TestBucket;
import dev.exportflow.devstack.testing.TestKafka;
import dev.exportflow.events.ExportCompleted;
import dev.exportflow.events.ExportRequested;
import dev.exportflow.events.Topics;
import dev.exportflow.worker.testing.Claims;
import dev.exportflow.worker.testing.PackagedWorkers;
import dev.exportflow.worker.testing.Requests;
import dev.exportflow.worker.testing.WorkerTestStack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two packaged workers ({@code quarkus-run.jar}, {@code -Xmx128m}) in one consumer group: the replica running an export
 * is killed with SIGKILL, or stopped with SIGTERM, in the middle of it; the other one finishes the job, with one file
 * and one completion. A worker stopped while its consumer waits out an outage of the worker database stops at once
 * and leaves the request for the next start.
 */
class WorkerProcessesIT {

    private final TestKafka kafka = WorkerTestStack.kafka();
    private final TestBucket bucket = WorkerTestStack.bucket();

    /**
     * About 10 seconds and 40 MB: big enough for several parts, and long enough to be interrupted, as the replica is
     * stopped as soon as its first part is on its way (the claim holds the upload's id).
     */
    private static final Map<String, String> LONG_EXPORT = Map.of("rows", "20000", "width", "2000", "pause_every", "100",
            "pause_ms", "50");

    private final List<ServiceProcess> workers = new ArrayList<>();

    @AfterEach
    void stopWorkers() {
        workers.parallelStream().forEach(worker -> worker.stop(Duration.ofSeconds(20)));
    }

    @Test
    void aReplicaKilledMidExportLeavesTheJobToTheOtherWhichFinishesItOnce() {
        startSideBySide("export-worker-kill-1", "export-worker-kill-2");
        ExportRequested request = Requests.of("numbers", "acme", LONG_EXPORT);
        kafka.publish(request);
        ServiceProcess owner = awaitOwner(request.jobId());

        owner.kill();

        ExportCompleted completed = kafka.awaitEvent(ExportCompleted.class, request.jobId(), Duration.ofSeconds(120));
        assertThat(completed.rows()).isEqualTo(20000);
        assertThat(Claims.column(request.jobId(), "attempts")).isEqualTo("2");
        assertThat(Claims.column(request.jobId(), "owner")).isNull();
        assertOneFileAndOneCompletion(request, completed);
    }

    @Test
    void aReplicaStoppedMidExportHandsTheJobBackWithoutCountingAnAttempt() throws IOException {
        startSideBySide("export-worker-term-1", "export-worker-term-2");
        ExportRequested request = Requests.of("numbers", "acme", LONG_EXPORT);
        kafka.publish(request);
        ServiceProcess owner = awaitOwner(request.jobId());

        owner.stop(Duration.ofSeconds(30));

        assertThat(Files.readString(owner.logFile())).contains("handing 1 export(s) back to the queue");
        ExportCompleted completed = kafka.awaitEvent(ExportCompleted.class, request.jobId(), Duration.ofSeconds(120));
        assertThat(completed.rows()).isEqualTo(20000);
        assertThat(Claims.column(request.jobId(), "attempts")).isEqualTo("1");
        assertOneFileAndOneCompletion(request, completed);
    }

    @Test
    void aReplicaStoppedWhileItsDatabaseIsDownStopsAtOnceAndLeavesTheRequestForTheNextStart() throws IOException {
        int proxyPort = WorkerTestStack.stack().allocateServicePort();
        int postgresPort = WorkerTestStack.stack().settings().postgresPort();
        TcpProxy database = TcpProxy.start("worker-db", proxyPort, postgresPort);
        ServiceProcess worker;
        try {
            // the worker database answers through the proxy until the worker is ready, then goes away for good
            worker = start("export-worker-outage-1", Map.of("quarkus.datasource.jdbc.url",
                    "jdbc:postgresql://127.0.0.1:" + proxyPort + "/" + Endpoints.WORKER_DATABASE));
        } finally {
            database.close();
        }
        ExportRequested request = Requests.of("numbers", "acme", Map.of("rows", "100"));
        kafka.publish(request);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> Files.readString(worker.logFile()).contains("the worker database is unavailable"));

        worker.stop(Duration.ofSeconds(30));

        String log = Files.readString(worker.logFile());
        assertThat(log).contains("the request is read again after the restart").contains("stopped in");
        assertThat(kafka.records(Topics.EXPORT_REQUESTED_DLQ, request.jobId())).isEmpty();
        assertThat(Claims.column(request.jobId(), "state")).isNull();

        start("export-worker-outage-2");

        ExportCompleted completed = kafka.awaitEvent(ExportCompleted.class, request.jobId(), Duration.ofSeconds(60));
        assertThat(completed.rows()).isEqualTo(100);
        assertOneFileAndOneCompletion(request, completed);
        assertThat(kafka.records(Topics.EXPORT_REQUESTED_DLQ, request.jobId())).isEmpty();
    }

    private void assertOneFileAndOneCompletion(ExportRequested request, ExportCompleted completed) {
        String prefix = "exports/" + request.jobId() + "/";
        assertThat(bucket.keys(prefix)).containsExactly(completed.objectKey());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(bucket.incompleteUploads(prefix)).isEmpty());
        assertThat(kafka.events(ExportCompleted.class, request.jobId())).hasSize(1);
    }

    /** The worker process whose pid is in the claim's owner ({@code host/pid/random}) once the export runs. */
    private ServiceProcess awaitOwner(UUID jobId) {
        String owner = await().atMost(Duration.ofSeconds(60))
                .until(() -> "RUNNING".equals(Claims.column(jobId, "state")) && Claims.column(jobId, "upload_id") != null
                        ? Claims.column(jobId, "owner") : null, value -> value != null);
        long pid = Long.parseLong(owner.split("/")[1]);
        return workers.stream().filter(worker -> worker.pid() == pid).findFirst()
                .orElseThrow(() -> new AssertionError("No worker process has pid " + pid));
    }

    private ServiceProcess start(String name) {
        return start(name, Map.of());
    }

    /** Launches the replicas at once, then waits until each is ready: side by side, two starts take little more than one. */
    private void startSideBySide(String... names) {
        List<ServiceProcess> launched = new ArrayList<>();
        for (String name : names) {
            ServiceProcess worker = PackagedWorkers.launch(name, Map.of());
            workers.add(worker);
            launched.add(worker);
        }
        launched.forEach(ServiceProcess::readyOrStopped);
    }

    private ServiceProcess start(String name, Map<String, String> overrides) {
        ServiceProcess worker = PackagedWorkers.start(name, overrides);
        workers.add(worker);
        return worker;
    }
}
