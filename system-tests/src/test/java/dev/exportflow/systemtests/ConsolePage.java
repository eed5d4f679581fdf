package dev.exportflow.systemtests;

import java.util.List;

import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/** The operator console of the web UI (section "Console") as an operator uses it: filters, rows, actions, audit. */
final class ConsolePage {

    private final Browser browser;

    ConsolePage(Browser browser) {
        this.browser = browser;
    }

    /** The names of the section links the page offers (none shown while there is only one section). */
    List<String> sectionLinks() {
        return browser.texts("const nav = document.getElementById('sections');"
                + " return nav.hidden ? [] : [...nav.querySelectorAll('a')].map(a => a.textContent)");
    }

    /** Follows the link "Console" and waits until the figures, the list and the audit have loaded. */
    ConsolePage open() {
        browser.driver().findElement(By.cssSelector("#sections a[href='#console']")).click();
        browser.await("the console with its figures, exports and audit", driver -> element("console-section").isDisplayed()
                && !element("console-queue").getText().isEmpty()
                && element("console-filter-message").getText().matches("[\\d,]+ exports?.*")
                && (element("console-audit-empty").isDisplayed() || !auditRows().isEmpty()));
        return this;
    }

    boolean shown() {
        return element("console-section").isDisplayed();
    }

    void chooseStatus(String status) {
        new Select(element("console-status")).selectByValue(status);
    }

    void type(String field, String value) {
        WebElement input = element("console-" + field);
        input.clear();
        input.sendKeys(value);
    }

    /** Sets a time filter (console-from, console-to) as the date-and-time picker would: local time, no zone. */
    void setTime(String field, String localDateTime) {
        browser.script("document.getElementById('console-' + arguments[0]).value = arguments[1]", field, localDateTime);
    }

    /** The message shown beside a filter, or null when none is shown. */
    String fieldError(String field) {
        WebElement message = element("console-" + field + "-error");
        return message.isDisplayed() ? message.getText() : null;
    }

    WebElement field(String field) {
        return element("console-" + field);
    }

    /** Presses "Show" and waits for the list that answers these filters. */
    void show() {
        browser.script("document.getElementById('console-filter-message').textContent = ''");
        element("console-apply").click();
        browser.await("the filtered list", driver -> !element("console-filter-message").getText().isEmpty()
                && !"Loading…".equals(element("console-filter-message").getText()));
    }

    String filterMessage() {
        return element("console-filter-message").getText();
    }

    List<String> rowIds() {
        return browser.texts("return [...document.querySelectorAll('#console-jobs tr')]"
                + ".map(row => row.id.slice('console-job-'.length))");
    }

    String status(String jobId) {
        return browser.rowStatus("console-job-" + jobId);
    }

    /** The text of one column of the export's row (Owner, Dataset, Status, Progress, Requested), as shown. */
    String cell(String jobId, String column) {
        return browser.rowCell("console-job-" + jobId, column);
    }

    List<String> actions(String jobId) {
        return browser.texts("const row = document.getElementById('console-job-' + arguments[0]);"
                + " return row ? [...row.querySelectorAll('button')].map(button => button.textContent) : []", jobId);
    }

    /** Presses one of the row's buttons (retry, cancel, resend) and returns the question the page asks before it acts. */
    String press(String jobId, String action) {
        browser.driver().findElement(By.id("console-job-" + jobId)).findElement(By.cssSelector("button." + action)).click();
        return browser.await("the confirmation", driver -> driver.switchTo().alert().getText());
    }

    void confirm() {
        browser.driver().switchTo().alert().accept();
    }

    void awaitStatus(String jobId, String status) {
        browser.await("export " + jobId + " shown as " + status + " in the console", driver -> status.equals(status(jobId)));
    }

    /** What the page said about the last action. */
    String actionMessage() {
        return element("console-action-message").getText();
    }

    /** The figures of one table (console-by-status or console-by-error): each row's cells joined with "|". */
    List<String> figures(String table) {
        return browser.texts("return [...document.querySelectorAll('#' + arguments[0] + ' tbody tr')]"
                + ".map(row => [...row.cells].map(cell => cell.innerText.trim()).join('|'))", table);
    }

    String oldestQueued() {
        return element("console-oldest-queued").getText();
    }

    List<WebElement> auditRows() {
        return browser.driver().findElements(By.cssSelector("#console-audit-rows tr"));
    }

    /** The audit rows about one export: When|Operator|Action|Export|Detail. */
    List<String> auditOf(String jobId) {
        return browser.texts("return [...document.querySelectorAll('#console-audit-rows tr')]"
                + ".filter(row => row.dataset.job === arguments[0])"
                + ".map(row => [...row.cells].map(cell => cell.innerText.trim().replace(/\\n/g, ' ')).join('|'))", jobId);
    }

    /** The dead letter of that key as shown for the topic: its text, or null while it is not shown. */
    String deadLetter(String topic, String key) {
        return (String) browser.script("const box = document.querySelector(`[data-topic='${arguments[0]}']`);"
                + " const item = box && [...box.querySelectorAll('li.dead-letter')].find(li => li.dataset.key === arguments[1]);"
                + " return item ? item.innerText : null", topic, key);
    }

    void refreshDeadLetters() {
        element("console-dead-letters-refresh").click();
    }

    private WebElement element(String id) {
        return browser.driver().findElement(By.id(id));
    }
}
