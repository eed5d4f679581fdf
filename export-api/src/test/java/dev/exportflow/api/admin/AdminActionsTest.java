package dev.exportflow.api.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.exportflow.api.support.Api;
import dev.exportflow.api.support.Db;
import dev.exportflow.api.support.Events;
import dev.exportflow.api.support.Worker;
import dev.exportflow.devstack.testing.TestKafka;
import dev.exportflow.events.ExportCancelRequested;
import dev.exportflow.events.ExportRequested;
import dev.exportflow.events.ExportResendRequested;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

/**
 * The operator's actions: retry a FAILED job as a new generation, cancel, resend to the owner. Each writes one audit
 * row in its own transaction, and a refused action writes none.
 */
@QuarkusTest
class AdminActionsTest {

    private static final Duration SOON = Duration.ofSeconds(30);

    private final Db db = Db.jobs(Api.stack());
    private final Operator.Session operator = Operator.newOperator();

    @Test
    void aRetriedJobIsRequestedAgainAsTheNextGenerationAndTheOldGenerationsReportsMoveNothing() {
        String owner = Api.newUser("rita");
        UUID id = Api.createOrdersJob(owner, Map.of());
        try (TestKafka kafka = new TestKafka(Api.stack())) {
            operator.call().post("/api/admin/exports/{id}/retry", id).then().statusCode(409)
                    .contentType("application/problem+json");
            kafka.publish(Events.failed(id, 1, owner));
            Api.awaitStatus(owner, id, "FAILED");

            operator.call().post("/api/admin/exports/{id}/retry", id).then().statusCode(202)
                    .body("id", equalTo(id.toString())).body("status", equalTo("QUEUED")).body("generation", equalTo(2))
                    .body("error", nullValue()).body("finishedAt", nullValue()).body("progress.rows", equalTo(0))
                    .body("owner.userId", equalTo(owner)).body("links", nullValue());

            await().atMost(SOON).untilAsserted(() -> assertThat(kafka.events(ExportRequested.class, id))
                    .extracting(ExportRequested::generation).containsExactly(1, 2));
            ExportRequested again = kafka.events(ExportRequested.class, id).get(1);
            assertThat(again.requester().userId()).isEqualTo(owner);
            assertThat(again.requester().email()).isEqualTo(owner + "@example.com");
            assertThat(again.dataset()).isEqualTo("orders");
            assertThat(db.one("select action, operator, generation from admin_audit where job_id = ?", id))
                    .containsEntry("action", "RETRY").containsEntry("operator", operator.sub())
                    .containsEntry("generation", 2);

            // The failed run reports once more, late, and a stale completion arrives: the new generation stays queued.
            RecordMetadata lateFailure = kafka.publish(Events.failed(id, 1, owner));
            RecordMetadata stale = kafka.publish(Events.completed(id, 1, owner, Events.objectKey(id, 1), 5, 50));
            kafka.awaitConsumed("export-api", lateFailure, SOON);
            kafka.awaitConsumed("export-api", stale, SOON);
            Api.as(owner).get("/api/exports/{id}", id).then().body("status", equalTo("QUEUED"))
                    .body("generation", equalTo(2)).body("error", nullValue()).body("file", nullValue());

            kafka.publish(Events.progress(id, 2, 10, 100, null));
            Api.awaitStatus(owner, id, "RUNNING").body("generation", equalTo(2));
            operator.call().post("/api/admin/exports/{id}/retry", id).then().statusCode(409);
        }
        assertThat(db.count("select count(*) from admin_audit where job_id = ?", id)).as("refusals are not audited")
                .isEqualTo(1);
        operator.call().post("/api/admin/exports/{id}/retry", UUID.randomUUID()).then().statusCode(404);
        operator.call().post("/api/admin/exports/not-a-job/retry").then().statusCode(404);
    }

    @Test
    void anActionWhoseAuditCannotBeWrittenDoesNotHappen() {
        String owner = Api.newUser("uma");
        UUID id = failedJob(owner);
        long outboxRows = db.count("select count(*) from outbox_event where aggregate_id = ?", id);
        String function = "refuse_audit_" + id.toString().replace("-", "");
        db.update("create function " + function + "() returns trigger language plpgsql as $$ begin"
                + " if new.job_id = '" + id + "' then raise exception 'audit refused on purpose'; end if;"
                + " return new; end $$");
        db.update("create trigger " + function + " before insert on admin_audit for each row execute function "
                + function + "()");
        try {
            operator.call().post("/api/admin/exports/{id}/retry", id).then().statusCode(500)
                    .contentType("application/problem+json");
            operator.call().post("/api/admin/exports/{id}/resend", id).then().statusCode(409);
        } finally {
            db.update("drop trigger " + function + " on admin_audit");
            db.update("drop function " + function + "()");
        }
        assertThat(db.one("select status, generation from export_job where id = ?", id))
                .containsEntry("status", "FAILED").containsEntry("generation", 1);
        assertThat(db.count("select count(*) from outbox_event where aggregate_id = ?", id)).isEqualTo(outboxRows);
        assertThat(db.count("select count(*) from admin_audit where job_id = ?", id)).isZero();

        operator.call().post("/api/admin/exports/{id}/retry", id).then().statusCode(202).body("generation", equalTo(2));
        assertThat(db.count("select count(*) from admin_audit where job_id = ?", id)).isEqualTo(1);
    }

    @Test
    void anExportWhoseOwnerMayNoLongerUseItIsNotRunAgain() {
        String owner = Api.newUser("moved");
        UUID id = failedJob(owner);
        // The owner's latest call shows them in another tenant.
        RestAssured.given().auth().oauth2(Operator.token(owner, "elsewhere")).get("/api/exports").then().statusCode(200);

        operator.call().post("/api/admin/exports/{id}/retry", id).then().statusCode(409)
                .body("type", endsWith("/owner-access-revoked"));
        assertThat(db.one("select status, generation from export_job where id = ?", id))
                .containsEntry("status", "FAILED").containsEntry("generation", 1);
        assertThat(db.count("select count(*) from admin_audit where job_id = ?", id)).isZero();
    }

    /** An orders export of {@code owner} whose first run failed. */
    private static UUID failedJob(String owner) {
        UUID id = Api.createOrdersJob(owner, Map.of());
        try (TestKafka kafka = new TestKafka(Api.stack())) {
            kafka.publish(Events.failed(id, 1, owner));
        }
        Api.awaitStatus(owner, id, "FAILED");
        return id;
    }

    @Test
    void anOperatorCancelsAnyonesRunningExportByTheOwnersRules() {
        String owner = Api.newUser("carl");
        UUID id = Api.createOrdersJob(owner, Map.of());
        try (TestKafka kafka = new TestKafka(Api.stack())) {
            kafka.publish(Events.progress(id, 1, 5, 50, null));
            Api.awaitStatus(owner, id, "RUNNING");

            operator.call().post("/api/admin/exports/{id}/cancel", id).then().statusCode(202)
                    .body("status", equalTo("CANCELLING")).body("tenant", equalTo("acme"));
            operator.call().post("/api/admin/exports/{id}/cancel", id).then().statusCode(200)
                    .body("status", equalTo("CANCELLING"));
            await().atMost(SOON).untilAsserted(() -> assertThat(kafka.events(ExportCancelRequested.class, id)).hasSize(1));
        }
        assertThat(db.rows("select action, detail, operator from admin_audit where job_id = ? order by id", id))
                .extracting(row -> row.get("action") + " " + row.get("detail") + " " + row.get("operator"))
                .containsExactly("CANCEL RUNNING -> CANCELLING " + operator.sub(),
                        "CANCEL already CANCELLING " + operator.sub());

        UUID finished = Worker.finishedOrdersJob(Api.newUser("dora"), Map.of(), "id\n1\n", 1);
        operator.call().post("/api/admin/exports/{id}/cancel", finished).then().statusCode(409)
                .contentType("application/problem+json");
        assertThat(db.count("select count(*) from admin_audit where job_id = ?", finished)).isZero();
    }

    @Test
    void aResendGoesToTheOwnerNeverToTheOperatorAndKeepsTheOwnersInterval() {
        String owner = Api.newUser("rosa");
        UUID queued = Api.createOrdersJob(owner, Map.of("status", "PAID"));
        operator.call().post("/api/admin/exports/{id}/resend", queued).then().statusCode(409);
        UUID id = Worker.finishedOrdersJob(owner, Map.of(), "id\n1\n2\n", 2);

        operator.call().post("/api/admin/exports/{id}/resend", id).then().statusCode(202)
                .body("status", equalTo("SUCCEEDED")).body("file.name", notNullValue()).body("links", nullValue());
        operator.call().post("/api/admin/exports/{id}/resend", id).then().statusCode(429)
                .header("Retry-After", notNullValue());
        try (TestKafka kafka = new TestKafka(Api.stack())) {
            await().atMost(SOON).untilAsserted(() -> assertThat(kafka.events(ExportResendRequested.class, id)).hasSize(1));
            ExportResendRequested event = kafka.events(ExportResendRequested.class, id).get(0);
            assertThat(event.requester().userId()).isEqualTo(owner);
            assertThat(event.requester().email()).isEqualTo(owner + "@example.com");
        }
        assertThat(db.one("select action, detail from admin_audit where job_id = ?", id))
                .containsEntry("action", "RESEND").containsEntry("detail", "email to the owner " + owner + "@example.com");
    }

    @Test
    void theAuditListsActionsNewestFirstPageByPage() {
        String owner = Api.newUser("ines");
        UUID first = Api.createOrdersJob(owner, Map.of("status", "NEW"));
        UUID second = Api.createOrdersJob(owner, Map.of("status", "PAID"));
        operator.call().post("/api/admin/exports/{id}/cancel", first).then().statusCode(202);
        operator.call().post("/api/admin/exports/{id}/cancel", second).then().statusCode(202);
        operator.call().post("/api/admin/exports/{id}/cancel", second).then().statusCode(200);

        var page = operator.call().queryParam("limit", 2).get("/api/admin/audit").then().statusCode(200)
                .extract().jsonPath();
        assertThat(page.getList("items.jobId")).containsExactly(second.toString(), second.toString());
        assertThat(page.getList("items.action")).containsOnly("CANCEL");
        assertThat(page.getList("items.operator")).containsOnly(operator.sub());
        assertThat(page.getList("items.generation")).containsOnly(1);
        assertThat(page.getString("items[0].at")).isNotBlank();
        List<Long> ids = page.getList("items.id", Long.class);
        assertThat(ids.get(0)).isGreaterThan(ids.get(1));
        var next = operator.call().queryParam("limit", 1).queryParam("cursor", page.getString("nextCursor"))
                .get("/api/admin/audit").then().statusCode(200).extract().jsonPath();
        assertThat(next.getList("items.jobId")).containsExactly(first.toString());
        assertThat(next.getLong("items[0].id")).isLessThan(ids.get(1));

        operator.call().queryParam("cursor", "%%%").get("/api/admin/audit").then().statusCode(400)
                .body("errors[0].field", equalTo("cursor"));
        operator.call().queryParam("limit", "101").get("/api/admin/audit").then().statusCode(400)
                .body("errors[0].field", equalTo("limit"));
    }
}
