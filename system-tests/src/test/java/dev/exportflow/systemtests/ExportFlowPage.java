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

    List<String> rowIds() {
        return rows().stream().map(row -> row.getAttribute("id").substring("job-".length())).toList();
    }

    WebElement row(String jobId) {
        return element("job-" + jobId);
    }

    /** The export's status as the page has it (the API's name, kept in the row's {@code data-status}). */
    String status(String jobId) {
        return row(jobId).getAttribute("data-status");
    }

    /** The text of one column of the export's row: Dataset, Status, Progress or Requested. */
    String cell(String jobId, String column) {
        return row(jobId).findElement(By.cssSelector("td[data-label='" + column + "']")).getText();
    }

    void awaitStatus(String jobId, String status) {
        browser.await("export " + jobId + " shown as " + status, driver -> status.equals(status(jobId)));
    }

    void press(String jobId, String action) {
        row(jobId).findElement(By.cssSelector("button." + action)).click();
    }

    private WebElement element(String id) {
        return browser.driver().findElement(By.id(id));
    }
}
