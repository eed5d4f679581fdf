package dev.exportflow.api.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import javax.sql.DataSource;

import dev.exportflow.api.support.Api;
import dev.exportflow.api.support.Db;
import dev.exportflow.api.support.Events;
import dev.exportflow.api.support.Worker;
import dev.exportflow.devstack.testing.TestBucket;
import dev.exportflow.devstack.testing.TestKafka;
import dev.exportflow.events.link.DownloadLinkTokens;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

import org.junit.jupiter.api.Test;

@QuarkusTest
class RetentionTest {

    @Inject
    DataSource dataSource;

    @Inject
    RetentionSweep sweep;

    private final TestBucket bucket = new TestBucket(Api.stack());

    @Test
    void filesPastTheirRetentionAreDeletedAndTheirJobsExpireOnlyThose() {
        String user = Api.newUser("ret");
        UUID old = finished(user, Map.of("status", "NEW"));
        UUID fresh = finished(user, Map.of("status", "PAID"));
        Db db = new Db(dataSource);
        assertThat(db.update("update export_job set file_expires_at = now() - interval '1 minute' where id = ?", old))
                .isEqualTo(1);

        sweep.sweep(Instant.now());

        Api.as(user).get("/api/exports/{id}", old).then().body("status", equalTo("EXPIRED"));
        Api.as(user).get("/api/exports/{id}", fresh).then().body("status", equalTo("SUCCEEDED"));
        assertThat(bucket.exists(Events.objectKey(old, 1))).isFalse();
        assertThat(bucket.exists(Events.objectKey(fresh, 1))).isTrue();
        assertThat(db.one("select expired_at from export_job where id = ?", old).get("expired_at")).isNotNull();

        Api.as(user).redirects().follow(false).get("/api/exports/{id}/download", old).then().statusCode(410);
        String link = new DownloadLinkTokens(Api.stack().endpoints().linkSigningKey(), null, Clock.systemUTC())
                .sign(old, 1, Instant.now().plusSeconds(600));
        RestAssured.given().redirects().follow(false).get("/d/{token}", link).then().statusCode(410);

        assertThat(sweep.sweep(Instant.now())).as("a second sweep finds nothing").isZero();
    }

    @Test
    void twoReplicasSweepingAtOnceExpireEachJobOnce() throws Exception {
        String user = Api.newUser("replicas");
        List<UUID> jobs = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            jobs.add(finished(user, Map.of("min_total", i)));
        }
        Db db = new Db(dataSource);
        for (UUID job : jobs) {
            db.update("update export_job set file_expires_at = now() - interval '1 minute' where id = ?", job);
        }

        java.util.concurrent.ExecutorService replicas = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var first = replicas.submit(() -> sweep.sweep(Instant.now()));
            var second = replicas.submit(() -> sweep.sweep(Instant.now()));
            assertThat(first.get() + second.get()).isEqualTo(jobs.size());
        } finally {
            replicas.shutdownNow();
        }
        for (UUID job : jobs) {
            Api.as(user).get("/api/exports/{id}", job).then().body("status", equalTo("EXPIRED"));
            assertThat(bucket.exists(Events.objectKey(job, 1))).isFalse();
        }
        Api.as(user).post("/api/exports/{id}/resend", jobs.get(0)).then().statusCode(410)
                .contentType("application/problem+json");
    }

    @Test
    void staleIncompleteUploadsAreAbortedAndRecentOnesKept() {
        String jobFolder = "exports/" + UUID.randomUUID() + "/";
        String key = jobFolder + "1/orders-crashed.csv";
        // A worker that crashed mid-export leaves an upload that was started and never completed.
        bucket.startUpload(key);

        assertThat(uploads(jobFolder, key)).hasSize(1);
        sweep.sweep(Instant.now());
        assertThat(uploads(jobFolder, key)).as("a recent upload may belong to a running export").hasSize(1);

        // Seen from a day later, the upload is stale.
        List<String> aborted = sweep.abortStale(Duration.ofSeconds(-86_400));
        assertThat(aborted).contains(key);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(uploads(jobFolder, key)).isEmpty());
    }

    /**
     * Objects that are no finished export's file: left by a stale run of a job that failed, of another generation, of
     * no known job. Deleted once older than the grace (1 hour); the file of a SUCCEEDED job, and the object of a job
     * still running in that generation (its completion may be on its way), are kept.
     */
    @Test
    void objectsThatAreNoFinishedExportsFileAreDeletedOnceOlderThanTheGrace() {
        String user = Api.newUser("orphans");
        UUID succeeded = finished(user, Map.of("status", "SHIPPED"));
        UUID failed = Api.createOrdersJob(user, Map.of("status", "CANCELLED"));
        try (TestKafka worker = new TestKafka(Api.stack())) {
            worker.publish(Events.failed(failed, 1, user));
        }
        Api.awaitStatus(user, failed, "FAILED");
        UUID running = Api.createOrdersJob(user, Map.of("status", "NEW"));

        String file = Events.objectKey(succeeded, 1);
        String ofRunning = Events.objectKey(running, 1);
        List<String> orphans = List.of("exports/" + succeeded + "/1/orders-stale-run.csv", Events.objectKey(succeeded, 2),
                Events.objectKey(failed, 1), Events.objectKey(UUID.randomUUID(), 1), "exports/not-a-job/notes.txt");
        orphans.forEach(key -> bucket.put(key, "orphan\n"));
        bucket.put(ofRunning, "in flight\n");

        sweep.sweep(Instant.now());
        assertThat(orphans).as("younger than the grace").allMatch(bucket::exists);

        sweep.sweep(Instant.now().plus(Duration.ofHours(2)));
        assertThat(orphans).noneMatch(bucket::exists);
        assertThat(bucket.exists(file)).isTrue();
        assertThat(bucket.exists(ofRunning)).isTrue();
        Api.as(user).get("/api/exports/{id}", succeeded).then().body("status", equalTo("SUCCEEDED"));
    }

    /** The incomplete uploads of {@code key}. */
    private List<String> uploads(String folder, String key) {
        return bucket.incompleteUploads(folder).stream().filter(key::equals).toList();
    }

    private static UUID finished(String user, Map<String, Object> parameters) {
        return Worker.finishedOrdersJob(user, parameters, "x\n", 1);
    }
}
