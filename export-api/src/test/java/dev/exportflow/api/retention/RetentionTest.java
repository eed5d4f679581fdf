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

import com.google.common.collect.HashMultimap;

import dev.exportflow.api.support.Api;
import dev.exportflow.api.support.Bucket;
import dev.exportflow.api.support.Db;
import dev.exportflow.api.support.Events;
import dev.exportflow.api.support.WorkerEvents;
import dev.exportflow.events.link.DownloadLinkTokens;

import io.minio.MinioAsyncClient;
import io.minio.messages.Upload;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

import org.junit.jupiter.api.Test;

@QuarkusTest
class RetentionTest {

    @Inject
    DataSource dataSource;

    @Inject
    RetentionSweep sweep;

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
        assertThat(Bucket.exists(Events.objectKey(old, 1))).isFalse();
        assertThat(Bucket.exists(Events.objectKey(fresh, 1))).isTrue();
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
            assertThat(Bucket.exists(Events.objectKey(job, 1))).isFalse();
        }
        Api.as(user).post("/api/exports/{id}/resend", jobs.get(0)).then().statusCode(410)
                .contentType("application/problem+json");
    }

    @Test
    void staleIncompleteUploadsAreAbortedAndRecentOnesKept() throws Exception {
        var endpoints = Api.stack().endpoints();
        MinioAsyncClient client = MinioAsyncClient.builder().endpoint(endpoints.s3Url())
                .credentials(endpoints.s3AccessKey(), endpoints.s3SecretKey()).region("us-east-1").build();
        String key = "exports/" + UUID.randomUUID() + "/1/orders-crashed.csv";
        // A worker that crashed mid-export leaves an upload that was started and never completed.
        client.createMultipartUploadAsync(endpoints.bucket(), null, key, HashMultimap.create(), null).get();

        assertThat(uploads(client, key)).hasSize(1);
        sweep.sweep(Instant.now());
        assertThat(uploads(client, key)).as("a recent upload may belong to a running export").hasSize(1);

        // Seen from a day later, the upload is stale.
        List<String> aborted = sweep.abortStale(Duration.ofSeconds(-86_400));
        assertThat(aborted).contains(key);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(uploads(client, key)).isEmpty());
    }

    private static List<Upload> uploads(MinioAsyncClient client, String key) throws Exception {
        return client.listMultipartUploadsAsync(Api.stack().endpoints().bucket(), null, null, null, null, 1000, key, null,
                null, null).get().result().uploads();
    }

    private static UUID finished(String user, Map<String, Object> parameters) {
        UUID id = Api.createOrdersJob(user, parameters);
        Bucket.put(Events.objectKey(id, 1), "x\n");
        try (WorkerEvents worker = new WorkerEvents()) {
            worker.publish(Events.completed(id, 1, user, Events.objectKey(id, 1), 1, 2));
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> Api.as(user).get("/api/exports/{id}", id).then()
                .body("status", equalTo("SUCCEEDED")));
        return id;
    }
}
