package dev.exportflow.systemtests;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.text.NumberFormat;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * The bundled web UI in a real browser (headless Chromium) against the whole running system: the services as
 * processes on devstack's Kafka, PostgreSQL, S3 and SMTP. Each test is a person at the screen; it asserts on what the
 * page shows, and waits only for conditions. Screenshots of every step: {@code system-tests/target/browser/}.
 */
@Timeout(240)
class BrowserIT extends SystemTest {

    /** Far from UTC and not on the hour, so that a time shown in UTC or the server's zone cannot pass for it. */
    private static final String ZONE = "Asia/Kathmandu";
    private static final String MY_EXPORTS = "My exports · ExportFlow";

    @Test
    void aUserSignsInStartsAnExportWatchesItFinishLiveAndDownloadsTheFile() throws Exception {
        String user = unique("ada");
        String token = tokenOf(user);
        try (Browser browser = new Browser("start-watch-download", ZONE)) {
            ExportFlowPage page = new ExportFlowPage(browser, system.apiBaseUrl()).open();
            assertThat(page.title()).isEqualTo("Sign in · ExportFlow");
            browser.screenshot("sign-in");

            page.signIn(token);

            assertThat(page.signedInAs()).isEqualTo("Signed in as " + user + "@example.com");
            assertThat(page.emptyStateShown()).as("a new user's empty list says what to do").isTrue();
            assertThat(page.title()).isEqualTo(MY_EXPORTS);
            browser.screenshot("signed-in-empty");

            recordWhatTheListShows(browser);
            String id = page.startExport();
            browser.screenshot("started");
            page.awaitStatus(id, "SUCCEEDED");
            browser.screenshot("ready");

            assertThat(browser.script("return window.sameDocument === true")).as("no reload on the way").isEqualTo(true);
            List<String> shown = browser.texts("return window.shownStates");
            assertThat(shown.get(0)).as("the export as first shown, then its changes: %s", shown)
                    .isIn("QUEUED|1 in progress · " + MY_EXPORTS, "RUNNING|1 in progress · " + MY_EXPORTS);
            assertThat(shown.get(shown.size() - 1)).isEqualTo("SUCCEEDED|" + MY_EXPORTS);
            assertThat(page.emptyStateShown()).isFalse();

            JsonPath job = api.job(token, id).then().statusCode(200).extract().jsonPath();
            assertThat(page.cell(id, "Status")).startsWith("Ready");
            assertThat(page.cell(id, "Progress"))
                    .startsWith(NumberFormat.getIntegerInstance(Locale.US).format(job.getLong("file.rows")) + " rows, ")
                    .containsPattern("rows, \\d{1,3}(\\.\\d)? (kB|MB)\\b");
            ZonedDateTime requested = Instant.parse(job.getString("createdAt")).atZone(ZoneId.of(ZONE));
            assertThat(page.cell(id, "Requested")).as("the time in the user's zone, 24-hour clock, zone named")
                    .contains(DateTimeFormatter.ofPattern("MMM d, yyyy", Locale.US).format(requested))
                    .contains(DateTimeFormatter.ofPattern("HH:mm").format(requested))
                    .contains("GMT+5:45");

            page.press(id, "download");

            Path file = browser.awaitDownload(job.getString("file.name"));
            assertThat(Files.size(file)).isEqualTo(job.getLong("file.size"));
            assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file))))
                    .as("the downloaded bytes are the file the worker wrote").isEqualTo(job.getString("file.sha256"));
            assertThat(browser.consoleErrors()).isEmpty();
        }
    }

    @Test
    void aUserCancelsALargeExportWhileTheyWatchItRun() {
        String user = unique("bulk");
        String token = system.stack().tokens().builder(user).tenant(SystemUnderTest.BULK_TENANT).sign();
        try (Browser browser = new Browser("cancel-large", ZONE)) {
            ExportFlowPage page = new ExportFlowPage(browser, system.apiBaseUrl()).open().signIn(token);
            // a workbook of 1.2 million rows takes the worker several seconds: time to see it run and to cancel it
            page.chooseFormat("Excel workbook (.xlsx)");
            String id = page.startExport();

            long first = browser.await("rows counted while the export runs", driver -> rowsCounted(page, id));
            browser.screenshot("running");
            long later = browser.await("more rows counted, without a reload", driver -> {
                Long counted = rowsCounted(page, id);
                return counted != null && counted > first ? counted : null;
            });
            assertThat(later).isLessThan(SystemUnderTest.BULK_ORDERS);
            assertThat(page.cell(id, "Progress")).matches("(?s).*\\d[\\d,]* rows, [\\d,]+(\\.\\d)? (bytes|kB|MB).*");
            assertThat(page.title()).isEqualTo("1 in progress · " + MY_EXPORTS);

            page.press(id, "cancel");

            page.awaitStatus(id, "CANCELLED");
            browser.screenshot("cancelled");
            assertThat(page.cell(id, "Status")).startsWith("Cancelled");
            assertThat(page.actions(id)).containsExactly("Delete");
            assertThat(page.title()).isEqualTo(MY_EXPORTS);
            assertThat(api.job(token, id).jsonPath().getString("status")).isEqualTo("CANCELLED");
            assertThat(browser.consoleErrors()).isEmpty();
        }
    }

    @Test
    void aBadFilterValueIsShownBesideItsFieldAndNothingStarts() {
        String user = unique("cyd");
        String token = tokenOf(user);
        try (Browser browser = new Browser("field-error", ZONE)) {
            ExportFlowPage page = new ExportFlowPage(browser, system.apiBaseUrl()).open().signIn(token);
            page.typeFilter("min_total", "-5");

            page.pressStart();

            browser.await("the error beside the field", driver -> page.filterError("min_total") != null);
            browser.screenshot("field-error");
            WebElement field = page.filter("min_total");
            assertThat(page.filterError("min_total")).isEqualTo("Must be at least 0.");
            assertThat(field.getAttribute("aria-invalid")).isEqualTo("true");
            assertThat(field.getAttribute("aria-describedby")).contains("parameter-min_total-error");
            assertThat(browser.script("return arguments[0].nextElementSibling.id", field))
                    .as("the message right after the field it is about").isEqualTo("parameter-min_total-error");
            assertThat(browser.driver().switchTo().activeElement()).as("focus on the field to correct").isEqualTo(field);
            assertThat(page.createMessage()).isEqualTo("Please correct the marked fields.");
            assertThat(page.rows()).isEmpty();
            assertThat(page.emptyStateShown()).isTrue();
            assertThat(given().baseUri(system.apiBaseUrl()).auth().oauth2(token).get("/api/exports")
                    .jsonPath().getList("items")).as("nothing was started").isEmpty();
            assertThat(browser.consoleErrors()).as("only the refused request")
                    .allMatch(message -> message.contains("/api/exports") && message.contains("400"));

            page.typeFilter("min_total", "900");
            String id = page.startExport();

            assertThat(page.filterError("min_total")).isNull();
            assertThat(page.filter("min_total").getAttribute("aria-invalid")).isNull();
            assertThat(page.rowText(id)).contains("min_total = 900");
        }
    }

    @Test
    void aUserSeesNoneOfAnotherUsersExports() {
        String ada = system.stack().tokens().mint(unique("ada"), "ada.browser@example.com");
        String adasExport = api.submitAccepted(ada, ExportApiClient.orders("PAID"));
        api.awaitFinished(ada, adasExport, Duration.ofMinutes(2));
        String bob = unique("bob");
        try (Browser browser = new Browser("another-user", ZONE)) {
            ExportFlowPage page = new ExportFlowPage(browser, system.apiBaseUrl()).open()
                    .signIn(tokenOf(bob));

            browser.screenshot("bobs-list");
            assertThat(page.emptyStateShown()).isTrue();
            assertThat(page.rows()).isEmpty();
            assertThat(browser.driver().getPageSource()).doesNotContain(adasExport).doesNotContain("ada.browser");
            assertThat(browser.consoleErrors()).isEmpty();
        }
    }

    @Test
    void onA375PixelWidePhoneNothingScrollsSideways() {
        String user = unique("dee");
        String token = tokenOf(user);
        try (Browser browser = new Browser("phone", ZONE)) {
            browser.emulatePhone(375, 812);
            ExportFlowPage page = new ExportFlowPage(browser, system.apiBaseUrl()).open();
            assertThat(browser.overflowing()).as("sign-in form").isEmpty();
            page.signIn(token);
            String id = page.startExport();
            page.awaitStatus(id, "SUCCEEDED");
            page.typeFilter("min_total", "-1");
            page.pressStart();
            browser.await("the error beside the field", driver -> page.filterError("min_total") != null);
            browser.screenshot("phone");

            assertThat(browser.script("return window.innerWidth")).isEqualTo(375L);
            assertThat(browser.script("return document.documentElement.scrollWidth")).as("the page's width")
                    .isEqualTo(375L);
            assertThat(browser.overflowing()).as("elements that reach beyond the screen's right edge").isEmpty();
        }
    }

    @Test
    void aKeyboardAloneSignsInAndEveryControlHasAName() {
        String user = unique("eve");
        String token = tokenOf(user);
        try (Browser browser = new Browser("keyboard", ZONE)) {
            ExportFlowPage page = new ExportFlowPage(browser, system.apiBaseUrl()).open();
            Actions keys = new Actions(browser.driver());

            keys.sendKeys(Keys.TAB).perform();
            assertThat(browser.driver().switchTo().activeElement().getText()).isEqualTo("Skip to content");
            keys.sendKeys(Keys.TAB).sendKeys(token).sendKeys(Keys.TAB).sendKeys(Keys.ENTER).perform();
            page.awaitSignedIn();
            page.startExport();
            browser.screenshot("signed-in-by-keyboard");

            assertThat(browser.controlsWithoutName()).as("visible controls without a name").isEmpty();
            assertThat(browser.consoleErrors()).isEmpty();
        }
    }

    @Test
    void theFaviconIsServed() {
        Response answer = given().baseUri(system.apiBaseUrl()).get("/favicon.ico");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.contentType()).isIn("image/x-icon", "image/vnd.microsoft.icon");
        assertThat(answer.asByteArray()).startsWith(0, 0, 1, 0); // an ICO header: reserved 0, type 1 (icon)
    }

    /** The rows the page says a running export has written so far ("24,000 rows, 1.8 MB (2%)"), or null. */
    private static Long rowsCounted(ExportFlowPage page, String id) {
        Matcher counted = Pattern.compile("([\\d,]+) rows?, ").matcher(String.valueOf(page.cell(id, "Progress")));
        return "RUNNING".equals(page.status(id)) && counted.find() ? Long.valueOf(counted.group(1).replace(",", "")) : null;
    }

    /** Records, in the page, each export's status and the page title whenever the list changes. */
    private static void recordWhatTheListShows(Browser browser) {
        browser.script("""
                window.sameDocument = true;
                window.shownStates = [];
                new MutationObserver(() => document.querySelectorAll('#jobs tr').forEach(row => {
                  const state = row.dataset.status + '|' + document.title;
                  if (window.shownStates[window.shownStates.length - 1] !== state) window.shownStates.push(state);
                })).observe(document.getElementById('jobs'), { childList: true, subtree: true, attributes: true });
                """);
    }

    /** A bearer token of a user of the default tenant, with the address {@code <user>@example.com}. */
    private static String tokenOf(String user) {
        return system.stack().tokens().mint(user, user + "@example.com");
    }

    private static String unique(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
