package dev.exportflow.api.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import javax.sql.DataSource;

import dev.exportflow.api.support.Api;
import dev.exportflow.api.support.Db;
import dev.exportflow.api.support.Worker;
import dev.exportflow.devstack.testing.TestBucket;
import dev.exportflow.events.link.DownloadLinkTokens;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The owner's download and the emailed link: a 302 to a presigned URL that really downloads the file. */
@QuarkusTest
class DownloadTest {

    private static final String CSV = "order_id,total\n1,10.00\n2,20.50\n";

    @Inject
    DataSource dataSource;

    @ConfigProperty(name = "exportflow.links.previous-signing-key")
    String previousKey;

    @Test
    void theOwnerIsRedirectedToAPresignedUrlThatDownloadsTheFileAsAnAttachment() {
        String user = Api.newUser("hana");
        UUID id = finishedJob(user);

        Response redirect = Api.as(user).redirects().follow(false).get("/api/exports/{id}/download", id);
        redirect.then().statusCode(302).header("Cache-Control", containsString("no-store"));
        String location = redirect.header("Location");
        assertThat(location).startsWith(Api.stack().endpoints().s3Url())
                .contains("X-Amz-Expires=60")
                .contains("response-content-disposition=attachment");
        assertDownloads(location);

        String forScripts = Api.as(user).accept("application/json").get("/api/exports/{id}/download", id).then()
                .statusCode(200).extract().jsonPath().getString("url");
        assertDownloads(forScripts);

        Api.as(Api.newUser("ivan")).redirects().follow(false).get("/api/exports/{id}/download", id).then().statusCode(404);
        RestAssured.given().redirects().follow(false).get("/api/exports/{id}/download", id).then().statusCode(401);
    }

    @Test
    void aFileThatIsNotReadyIsAConflictAndAnExpiredOneIsGone() {
        String user = Api.newUser("jack");
        UUID id = Api.createOrdersJob(user, Map.of());
        Api.as(user).redirects().follow(false).get("/api/exports/{id}/download", id).then().statusCode(409)
                .contentType("application/problem+json");

        new Db(dataSource).update("update export_job set status = 'EXPIRED' where id = ?", id);
        Api.as(user).redirects().follow(false).get("/api/exports/{id}/download", id).then().statusCode(410)
                .contentType("application/problem+json");
    }

    @Test
    void aGenuineEmailedLinkRedirectsWithoutABearerToken() {
        String user = Api.newUser("kim");
        UUID id = finishedJob(user);
        String token = tokens(Api.stack().endpoints().linkSigningKey()).sign(id, 1, Instant.now().plusSeconds(3600));

        Response redirect = RestAssured.given().redirects().follow(false).get("/d/{token}", token);
        redirect.then().statusCode(302);
        assertDownloads(redirect.header("Location"));

        String signedBeforeRotation = tokens(previousKey).sign(id, 1, Instant.now().plusSeconds(3600));
        RestAssured.given().redirects().follow(false).get("/d/{token}", signedBeforeRotation).then().statusCode(302);
    }

    @Test
    void aTamperedLinkIsForbiddenAndAnExpiredOneIsGoneAsProblemOrPage() {
        String user = Api.newUser("lea");
        UUID id = finishedJob(user);
        DownloadLinkTokens tokens = tokens(Api.stack().endpoints().linkSigningKey());
        String genuine = tokens.sign(id, 1, Instant.now().plusSeconds(3600));
        String tampered = tokens.sign(UUID.randomUUID(), 1, Instant.now().plusSeconds(3600)).split("\\.")[0] + "."
                + genuine.split("\\.")[1];
        String foreign = tokens("another-key-that-is-at-least-32-bytes-long").sign(id, 1, Instant.now().plusSeconds(60));
        String expired = tokens.sign(id, 1, Instant.now().minusSeconds(5));

        for (String bad : new String[] {tampered, foreign, "garbage", genuine + "x"}) {
            RestAssured.given().redirects().follow(false).accept("application/json").get("/d/{token}", bad).then()
                    .statusCode(403).contentType("application/problem+json").body("status", equalTo(403));
        }
        RestAssured.given().redirects().follow(false).get("/d/{token}", expired).then()
                .statusCode(410).contentType("application/problem+json").body("title", containsString("expired"));
        RestAssured.given().redirects().follow(false)
                .header("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
                .get("/d/{token}", tampered).then()
                .statusCode(403).contentType(containsString("text/html")).body(containsString("not valid"));
        RestAssured.given().redirects().follow(false).header("Accept", "text/html").get("/d/{token}", expired).then()
                .statusCode(410).contentType(containsString("text/html")).body(containsString("expired"));
    }

    @Test
    void aLinkToAnExpiredOrReplacedFileIsGone() {
        String user = Api.newUser("max");
        UUID id = finishedJob(user);
        DownloadLinkTokens tokens = tokens(Api.stack().endpoints().linkSigningKey());

        RestAssured.given().redirects().follow(false).get("/d/{token}", tokens.sign(id, 2, Instant.now().plusSeconds(60)))
                .then().statusCode(410);
        RestAssured.given().redirects().follow(false)
                .get("/d/{token}", tokens.sign(UUID.randomUUID(), 1, Instant.now().plusSeconds(60)))
                .then().statusCode(410).contentType("application/problem+json");

        new Db(dataSource).update("update export_job set status = 'EXPIRED' where id = ?", id);
        RestAssured.given().redirects().follow(false).get("/d/{token}", tokens.sign(id, 1, Instant.now().plusSeconds(60)))
                .then().statusCode(410).contentType("application/problem+json");
    }

    private static UUID finishedJob(String user) {
        return Worker.finishedOrdersJob(user, Map.of(), CSV, 2);
    }

    private static void assertDownloads(String presignedUrl) {
        HttpResponse<byte[]> file = TestBucket.fetch(presignedUrl);
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(new String(file.body(), StandardCharsets.UTF_8)).isEqualTo(CSV);
        assertThat(file.headers().firstValue("Content-Disposition")).hasValueSatisfying(disposition ->
                assertThat(disposition).startsWith("attachment").contains("filename=\"orders-2026-01-31.csv\""));
    }

    private static DownloadLinkTokens tokens(String key) {
        return new DownloadLinkTokens(key, null, Clock.systemUTC());
    }
}
