package dev.exportflow.systemtests;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.restassured.path.json.JsonPath;

import dev.exportflow.devstack.Endpoints;
import dev.exportflow.events.Topics;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;

/**
 * The operator console of the web UI in headless Chromium against the whole running system. An export fails for real
 * (its query meets a column that is gone), the cause is repaired, and an operator finds the failure in the console,
 * retries it, watches it succeed and has its email sent again to its owner; the audit shows who did it. Another
 * user's running export is cancelled from the console. Everyone else sees no console and gets {@code 403}
 * from {@code /api/admin}. Screenshots of every step: {@code system-tests/target/browser/}.
 */
@Timeout(240)
class OperatorConsoleIT extends SystemTest {

    private static final String ZONE = "Asia/Kathmandu";
    private static final String BROKEN = "alter table shop.customers rename column country to country_moved";
    private static final String REPAIRED = "alter table shop.customers rename column country_moved to country";

    @Test
    void anOperatorFindsAFailedExportRetriesItAndSeesItSucceedAndAudited() throws Exception {
        String owner = unique("fay");
        String ownerToken = system.stack().tokens().mint(owner, owner + "@example.com");
        String failed = exportThatFails(ownerToken);
        String letterKey = unique("unreadable");
        kafka.publishRaw(Topics.EXPORT_REQUESTED, letterKey, "not an export request".getBytes(StandardCharsets.UTF_8));
        String operator = unique("olga");
        String operatorToken = operatorToken(operator);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> !kafka.records(Topics.EXPORT_REQUESTED_DLQ,
                record -> letterKey.equals(record.key())).isEmpty());

        try (Browser browser = new Browser("operator-retry", ZONE)) {
            new ExportFlowPage(browser, system.apiBaseUrl()).open().signIn(operatorToken);
            ConsolePage console = new ConsolePage(browser);
            assertThat(console.sectionLinks()).containsExactly("My exports", "Console");

            console.open();
            assertThat(browser.driver().getTitle()).isEqualTo("Console · ExportFlow");
            assertThat(console.figures("console-by-error")).as("failures of the last hour and day by code")
                    .anyMatch(row -> row.matches("QUERY_FAILED\\|[\\d,]+\\|[\\d,]+") && !row.startsWith("QUERY_FAILED|0|"));
            assertThat(console.figures("console-by-status")).hasSize(8).anyMatch(row -> row.startsWith("FAILED|"));
            assertThat(console.oldestQueued()).matches("none queued|[\\d,]+ (s|min|h|d).*");
            browser.await("the dead letter and the header that says why", driver -> {
                String letter = console.deadLetter(Topics.EXPORT_REQUESTED_DLQ, letterKey);
                return letter != null && letter.contains("dead-letter-reason") ? letter : null;
            });
            browser.screenshot("console");

            console.chooseStatus("FAILED");
            console.type("user", owner);
            console.show();
            browser.screenshot("failed-exports-of-the-user");
            assertThat(console.rowIds()).containsExactly(failed);
            assertThat(console.filterMessage()).isEqualTo("1 export.");
            assertThat(console.cell(failed, "Owner")).contains(owner).contains(owner + "@example.com")
                    .contains("tenant " + SystemUnderTest.TENANT);
            assertThat(console.cell(failed, "Progress")).contains("QUERY_FAILED");
            assertThat(console.actions(failed)).containsExactly("Retry");

            String question = console.press(failed, "retry");
            assertThat(question).contains(owner + "@example.com").contains("generation 2");
            console.confirm();

            browser.await("the result of the retry", driver -> console.actionMessage().isEmpty() ? null : true);
            assertThat(console.actionMessage()).endsWith("queued again as generation 2.");
            console.awaitStatus(failed, "SUCCEEDED");
            browser.screenshot("retried-and-succeeded");
            assertThat(console.cell(failed, "Status")).contains("generation 2");
            assertThat(console.cell(failed, "Progress")).matches("[\\d,]+ rows, .*");
            assertThat(console.actions(failed)).as("an operator may email the owner again, never download")
                    .containsExactly("Email again");
            JsonPath job = api.job(ownerToken, failed).then().statusCode(200).extract().jsonPath();
            assertThat(job.getString("status")).isEqualTo("SUCCEEDED");
            assertThat(job.getInt("generation")).isEqualTo(2);

            List<String> audit = browser.await("the retry in the audit log",
                    driver -> console.auditOf(failed).isEmpty() ? null : console.auditOf(failed));
            assertThat(audit).hasSize(1);
            assertThat(audit.get(0)).contains("|" + operator + "|RETRY|" + failed).contains("QUERY_FAILED")
                    .contains("GMT+5:45");
            browser.screenshot("audited");

            Awaitility.await().atMost(Duration.ofSeconds(60)).until(
                    () -> system.stack().mailbox().messagesFor(owner + "@example.com"), emails -> emails.size() == 2);
            assertThat(console.press(failed, "resend")).contains(owner + "@example.com").contains("never to you");
            console.confirm();
            browser.await("the result of the resend", driver -> console.actionMessage().endsWith(
                    "the email goes to " + owner + "@example.com again.") ? true : null);
            browser.await("the resend in the audit log", driver -> console.auditOf(failed).size() == 2 ? true : null);
            assertThat(console.auditOf(failed).get(0)).contains("|" + operator + "|RESEND|" + failed)
                    .contains(owner + "@example.com");
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(
                    () -> system.stack().mailbox().messagesFor(owner + "@example.com"), emails -> emails.size() == 3);
            assertThat(system.stack().mailbox().messagesFor(operator + "@example.com")).as("never to the operator").isEmpty();
            browser.screenshot("emailed-again");

            assertThat(browser.driver().findElement(By.id("console-section")).findElements(By.cssSelector("a, .download")))
                    .as("no link or download of another user's file").isEmpty();
            assertThat(browser.driver().getPageSource()).doesNotContain("/d/").doesNotContain("X-Amz-Signature");
            assertThat(browser.consoleErrors()).isEmpty();
        }
    }

    @Test
    void anOperatorCancelsAnotherUsersRunningExport() {
        String owner = unique("bulk");
        String ownerToken = system.stack().tokens().builder(owner).email(owner + "@example.com")
                .tenant(SystemUnderTest.BULK_TENANT).sign();
        String operator = unique("olga");
        try (Browser browser = new Browser("operator-cancel", ZONE)) {
            new ExportFlowPage(browser, system.apiBaseUrl()).open().signIn(operatorToken(operator));
            ConsolePage console = new ConsolePage(browser).open();
            // a workbook of 1.2 million rows runs for seconds: started now, it is still queued or running below
            String running = api.submitAccepted(ownerToken, Map.of("dataset", "orders", "parameters",
                    Map.of(), "format", "xlsx"));
            console.type("user", owner);
            console.show();
            assertThat(console.rowIds()).containsExactly(running);
            assertThat(console.status(running)).isIn("QUEUED", "RUNNING");
            assertThat(console.actions(running)).containsExactly("Cancel");

            assertThat(console.press(running, "cancel")).contains(owner + "@example.com");
            console.confirm();

            browser.await("the result of the cancel", driver -> console.actionMessage().isEmpty() ? null : true);
            assertThat(console.actionMessage()).endsWith("cancelling: the worker stops it.");
            console.awaitStatus(running, "CANCELLED");
            browser.screenshot("cancelled");
            assertThat(console.actions(running)).isEmpty();
            assertThat(api.job(ownerToken, running).jsonPath().getString("status")).isEqualTo("CANCELLED");
            assertThat(console.auditOf(running)).singleElement().asString()
                    .contains("|" + operator + "|CANCEL|" + running).containsPattern("(QUEUED|RUNNING) -> CANCELLING");
            assertThat(browser.consoleErrors()).isEmpty();
        }
    }

    @Test
    void someoneWithoutTheOperatorRoleSeesNoConsoleAndTheAdminApiRefusesThem() {
        String user = unique("gus");
        String token = system.stack().tokens().mint(user, user + "@example.com");
        try (Browser browser = new Browser("not-an-operator", ZONE)) {
            new ExportFlowPage(browser, system.apiBaseUrl()).open().signIn(token);
            ConsolePage console = new ConsolePage(browser);
            browser.screenshot("no-console");

            assertThat(console.sectionLinks()).isEmpty();
            assertThat(console.shown()).isFalse();
            assertThat(browser.driver().findElements(By.cssSelector("a[href='#console']"))).isEmpty();
            for (String path : List.of("/api/admin/exports", "/api/admin/stats", "/api/admin/audit",
                    "/api/admin/dead-letters?topic=" + Topics.EXPORT_REQUESTED_DLQ)) {
                given().baseUri(system.apiBaseUrl()).auth().oauth2(token).get(path).then().statusCode(403);
            }
            given().baseUri(system.apiBaseUrl()).auth().oauth2(token)
                    .post("/api/admin/exports/" + UUID.randomUUID() + "/retry").then().statusCode(403);
            assertThat(browser.consoleErrors()).as("the page asked /api/admin for nothing").isEmpty();
        }
    }

    @Test
    void onA375PixelPhoneTheConsoleFitsAndABadTimeRangeIsShownBesideItsField() {
        String owner = unique("hal");
        String ownerToken = system.stack().tokens().mint(owner, owner + "@example.com");
        api.awaitFinished(ownerToken, api.submitAccepted(ownerToken, ExportApiClient.orders("PAID")), Duration.ofMinutes(2));
        try (Browser browser = new Browser("operator-phone", ZONE)) {
            browser.emulatePhone(375, 812);
            new ExportFlowPage(browser, system.apiBaseUrl()).open().signIn(operatorToken(unique("ida")));
            ConsolePage console = new ConsolePage(browser).open();

            console.setTime("from", "2026-03-01T10:00");
            console.setTime("to", "2026-03-01T09:00");
            console.show();

            browser.screenshot("phone-console-field-error");
            assertThat(console.fieldError("to")).isEqualTo("Must be after from.");
            assertThat(console.field("to").getAttribute("aria-invalid")).isEqualTo("true");
            assertThat(browser.script("return arguments[0].nextElementSibling.id", console.field("to")))
                    .as("the message right after the field it is about").isEqualTo("console-to-error");
            assertThat(browser.driver().switchTo().activeElement()).isEqualTo(console.field("to"));
            assertThat(console.filterMessage()).isEqualTo("Please correct the marked fields.");
            assertThat(browser.consoleErrors()).as("only the refused request")
                    .allMatch(message -> message.contains("/api/admin/exports") && message.contains("400"));

            console.setTime("to", "");
            console.setTime("from", "");
            console.type("user", owner);
            console.show();
            assertThat(console.fieldError("to")).isNull();
            assertThat(console.rowIds()).hasSize(1);
            browser.screenshot("phone-console");
            assertThat(browser.script("return document.documentElement.scrollWidth")).as("the page's width")
                    .isEqualTo(375L);
            assertThat(browser.overflowing()).as("elements that reach beyond the screen's right edge").isEmpty();
            assertThat(browser.controlsWithoutName()).as("visible controls without a name").isEmpty();
            assertThat(browser.consoleErrors()).isEmpty();
        }
    }

    /** An export whose query fails in the source database (a column it reads is gone), repaired once it has failed. */
    private static String exportThatFails(String token) throws SQLException {
        String id;
        try (Connection shop = DriverManager.getConnection(system.stack().endpoints().jdbcUrl(Endpoints.SHOP_DATABASE),
                Endpoints.SERVICE_USER, Endpoints.SERVICE_PASSWORD); Statement ddl = shop.createStatement()) {
            ddl.execute(BROKEN);
            try {
                id = api.submitAccepted(token, ExportApiClient.orders("PAID"));
                JsonPath job = api.awaitFinished(token, id, Duration.ofMinutes(2));
                assertThat(job.getString("status")).isEqualTo("FAILED");
                assertThat(job.getString("error.code")).isEqualTo("QUERY_FAILED");
            } finally {
                ddl.execute(REPAIRED);
            }
        }
        return id;
    }

    private static String operatorToken(String operator) {
        return system.stack().tokens().builder(operator).email(operator + "@example.com")
                .groups(List.of("operator", "exporter")).sign();
    }

    private static String unique(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
