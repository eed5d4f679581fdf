package dev.exportflow.systemtests;

import java.util.List;

import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/** The bundled web UI as a person uses it: what they type and click, and what they read on the page. */
final class ExportFlowPage {

    private final Browser browser;
    private final String baseUrl;

    ExportFlowPage(Browser browser, String baseUrl) {
        this.browser = browser;
        this.baseUrl = baseUrl;
    }

    ExportFlowPage open() {
        browser.driver().get(baseUrl + "/");
        browser.await("the sign-in form", driver -> driver.findElement(By.id("token")).isDisplayed());
        return this;
    }

    /** Pastes the token and signs in, as people do today; returns once the user's list has loaded. */
    ExportFlowPage signIn(String token) {
        WebElement field = element("token");
        field.clear();
        field.sendKeys(token);
        element("token-form").findElement(By.cssSelector("button[type=submit]")).click();
        awaitSignedIn();
        return this;
    }

    void awaitSignedIn() {
        browser.await("the signed-in page with the user's exports", driver -> element("whoami").isDisplayed()
                && (element("empty-state").isDisplayed() || !rows().isEmpty()));
    }

    String title() {
        return browser.driver().getTitle();
    }

    String signedInAs() {
        return element("whoami").getText();
    }

    void chooseFormat(String visibleText) {
        new Select(element("format")).selectByVisibleText(visibleText);
    }

    /** Types into a filter of the chosen dataset, by the parameter's name. */
    void typeFilter(String parameter, String value) {
        WebElement input = filter(parameter);
        input.clear();
        input.sendKeys(value);
    }

    WebElement filter(String parameter) {
        return element("parameter-" + parameter);
    }

    /** The message shown beside a filter's input, or null when none is shown. */
    String filterError(String parameter) {
        WebElement message = element("parameter-" + parameter + "-error");
        return message.isDisplayed() ? message.getText() : null;
    }

    /** Presses "Start export" and returns the id of the export it added to the list. */
    String startExport() {
        List<String> before = rowIds();
        element("start").click();
        return browser.await("a new export in the list", driver -> rowIds().stream()
                .filter(id -> !before.contains(id)).findFirst().orElse(null));
    }

    void pressStart() {
        element("start").click();
    }

    String createMessage() {
        return element("create-message").getText();
    }

    boolean emptyStateShown() {
        return element("empty-state").isDisplayed();
    }

    List<WebElement> rows() {
        return browser.driver().findElements(By.cssSelector("#jobs tr"));
    }

    // Rows are replaced whenever their export changes, so what is read of a row is read in one script, at one moment.

    List<String> rowIds() {
        return browser.texts("return [...document.querySelectorAll('#jobs tr')].map(row => row.id.slice('job-'.length))");
    }

    /** The export's status as the page has it (the API's name, kept in the row's {@code data-status}), or null. */
    String status(String jobId) {
        return browser.rowStatus("job-" + jobId);
    }

    /** The text of one column of the export's row (Dataset, Status, Progress or Requested), as shown. */
    String cell(String jobId, String column) {
        return browser.rowCell("job-" + jobId, column);
    }

    /** The whole row's text, as shown. */
    String rowText(String jobId) {
        return (String) browser.script("const row = document.getElementById('job-' + arguments[0]);"
                + " return row ? row.innerText : null", jobId);
    }

    /** The names of the buttons the export's row offers. */
    List<String> actions(String jobId) {
        return browser.texts("const row = document.getElementById('job-' + arguments[0]);"
                + " return row ? [...row.querySelectorAll('button')].map(button => button.textContent) : []", jobId);
    }

    void awaitStatus(String jobId, String status) {
        browser.await("export " + jobId + " shown as " + status, driver -> status.equals(status(jobId)));
    }

    /** Presses one of the row's buttons (by its class: download, cancel, resend, delete). */
    void press(String jobId, String action) {
        browser.await(action + " of export " + jobId, driver -> {
            driver.findElement(By.id("job-" + jobId)).findElement(By.cssSelector("button." + action)).click();
            return true;
        });
    }

    private WebElement element(String id) {
        return browser.driver().findElement(By.id(id));
    }
}
