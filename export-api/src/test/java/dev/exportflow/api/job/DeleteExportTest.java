package dev.exportflow.api.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import dev.exportflow.api.support.Api;
import dev.exportflow.api.support.Db;
import dev.exportflow.api.support.Events;
import dev.exportflow.api.support.Worker;
import dev.exportflow.devstack.testing.TestBucket;
import dev.exportflow.devstack.testing.TestKafka;
import dev.exportflow.events.ExportResendRequested;
import dev.exportflow.events.link.DownloadLinkTokens;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * {@code DELETE /api/exports/{id}}: the owner deletes an ended export; it shows DELETED, its download and emailed links
 * answer 410 at once, and its file is deleted, also when the object store is down at that moment (the file is then an
 * orphan for the retention sweep). An export that has not ended is a 409 that says what to do.
 */
@QuarkusTest
class DeleteExportTest {

    private final Db db = Db.jobs(Api.stack());
    private final TestBucket bucket = new TestBucket(Api.stack());
    @AutoClose
    private final TestKafka kafka = new TestKafka(Api.stack());

    @Test
    void theOwnerDeletesAFinishedExportItsLinksAreGoneAtOnceAndItsFileIsDeleted() {
        String owner = Api.newUser("deleter");
        UUID id = Worker.finishedOrdersJob(owner, Map.of(), "a\n1\n", 1);
        String key = Events.objectKey(id, 1);
        String link = link(id);
        RestAssured.given().redirects().follow(false).get("/d/{token}", link).then().statusCode(302);

        Api.as(Api.newUser("intruder")).delete("/api/exports/{id}", id).then().statusCode(404)
                .contentType("application/problem+json");
        RestAssured.given().delete("/api/exports/{id}", id).then().statusCode(401);
        assertThat(bucket.exists(key)).isTrue();

        Api.as(owner).delete("/api/exports/{id}", id).then().statusCode(200)
                .body("id", equalTo(id.toString()))
                .body("status", equalTo("DELETED"))
                .body("file", nullValue());

        RestAssured.given().redirects().follow(false).accept("application/json").get("/d/{token}", link).then()
                .statusCode(410).contentType("application/problem+json");
        Api.as(owner).redirects().follow(false).get("/api/exports/{id}/download", id).then().statusCode(410)
                .contentType("application/problem+json").body("title", containsString("deleted"));
        Api.as(owner).post("/api/exports/{id}/resend", id).then().statusCode(410);
        Api.as(owner).get("/api/exports/{id}", id).then().statusCode(200).body("status", equalTo("DELETED"));
        Api.as(owner).queryParam("status", "DELETED").get("/api/exports").then().statusCode(200)
                .body("items.id", hasItem(id.toString()));
        assertThat(db.one("select status, deleted_at from export_job where id = ?", id))
                .containsEntry("status", "DELETED").extractingByKey("deleted_at").isNotNull();
        await().atMost(Duration.ofSeconds(20)).until(() -> !bucket.exists(key));
        assertThat(kafka.events(ExportResendRequested.class, id)).isEmpty();

        Api.as(owner).delete("/api/exports/{id}", id).then().statusCode(200).body("status", equalTo("DELETED"));
    }

    @Test
    void anExportThatHasNotEndedIsAConflictThatSaysWhatToDo() {
        String owner = Api.newUser("hasty");
        UUID id = Api.createOrdersJob(owner, Map.of());
        Api.as(owner).delete("/api/exports/{id}", id).then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("QUEUED")).body("detail", containsString("Cancel it first"));

        Api.as(owner).post("/api/exports/{id}/cancel", id).then().statusCode(202);
        Api.as(owner).delete("/api/exports/{id}", id).then().statusCode(409)
                .body("detail", containsString("delete it once it is CANCELLED"));
        assertThat(db.one("select status from export_job where id = ?", id)).containsEntry("status", "CANCELLING");

        kafka.publish(Events.cancelled(id, 1));
        Api.awaitStatus(owner, id, "CANCELLED");
        Api.as(owner).delete("/api/exports/{id}", id).then().statusCode(200).body("status", equalTo("DELETED"));
    }

    @Test
    void failedAndExpiredExportsCanBeDeletedToo() {
        String owner = Api.newUser("tidy");
        UUID failed = Api.createOrdersJob(owner, Map.of("status", "NEW"));
        kafka.publish(Events.failed(failed, 1, owner));
        Api.awaitStatus(owner, failed, "FAILED");
        Api.as(owner).delete("/api/exports/{id}", failed).then().statusCode(200).body("status", equalTo("DELETED"))
                .body("error", notNullValue());

        UUID expired = Worker.finishedOrdersJob(owner, Map.of("status", "PAID"), "a\n", 0);
        db.update("update export_job set status = 'EXPIRED' where id = ?", expired);
        Api.as(owner).delete("/api/exports/{id}", expired).then().statusCode(200).body("status", equalTo("DELETED"));
    }

    @Test
    void whileTheObjectStoreIsDownTheDeleteStillSucceedsAndLeavesAnOrphan() {
        String owner = Api.newUser("stormy");
        UUID id = Worker.finishedOrdersJob(owner, Map.of(), "a\n1\n", 1);
        String key = Events.objectKey(id, 1);

        Api.stack().s3().stop();
        try {
            Api.as(owner).delete("/api/exports/{id}", id).then().statusCode(200).body("status", equalTo("DELETED"));
            RestAssured.given().redirects().follow(false).get("/d/{token}", link(id)).then().statusCode(410);
        } finally {
            Api.stack().s3().start();
        }
        assertThat(bucket.exists(key)).as("an orphan, deleted by the retention sweep later").isTrue();
        assertThat(db.one("select status from export_job where id = ?", id)).containsEntry("status", "DELETED");
    }

    @Test
    void openApiDocumentsTheDelete() {
        RestAssured.given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("paths.'/api/exports/{id}'.delete.responses.keySet()", org.hamcrest.Matchers.hasItems("200", "404", "409"));
    }

    private static String link(UUID id) {
        return new DownloadLinkTokens(Api.stack().endpoints().linkSigningKey(), null, Clock.systemUTC())
                .sign(id, 1, Instant.now().plusSeconds(3600));
    }
}
