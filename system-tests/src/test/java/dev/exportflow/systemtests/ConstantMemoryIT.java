package dev.exportflow.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.exportflow.devstack.services.ServiceProcess;

import io.restassured.path.json.JsonPath;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Guarantee 3, constant memory: a worker whose whole heap is smaller than the file it writes
 * exports it anyway, because rows stream from the cursor through the CSV generator into the
 * multipart upload.
 */
@Timeout(420)
class ConstantMemoryIT extends SystemTest {

    private static final String SMALL_HEAP = "-Xmx96m";


    @Test
    void aWorkerWithA96MegabyteHeapExportsAFileLargerThanItsHeap() {
        ServiceProcess worker = system.worker();
        worker.stop(Duration.ofSeconds(20));
        ServiceProcess small = system.restart(worker, List.of(SMALL_HEAP, "-XX:+UseSerialGC",
                "-Dexportflow.worker.lease=PT6S", "-Dexportflow.worker.reaper-interval=PT1S"));
        try {
            String token = system.stack().tokens().builder("memory-user").tenant(SystemUnderTest.BULK_TENANT)
                    .email("memory.user@example.com").sign();
            String id = api.submitAccepted(token, Map.of("dataset", "orders", "format", "csv"));

            JsonPath job = api.awaitFinished(token, id, Duration.ofMinutes(5));

            assertThat(job.getString("status")).isEqualTo("SUCCEEDED");
            assertThat(job.getLong("file.rows")).isEqualTo(SystemUnderTest.BULK_ORDERS);
            assertThat(job.getLong("file.size")).isGreaterThan(96L * 1024 * 1024);
            assertThat(small.isAlive()).isTrue();
        } finally {
            small.stop(Duration.ofSeconds(20));
            system.restart(small, SystemUnderTest.WORKER_JVM_OPTIONS);
        }
    }
}
