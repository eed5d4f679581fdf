package dev.exportflow.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.stream.Stream;

import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium driven through its chromedriver: Debian's {@code chromium} and {@code chromium-driver} packages
 * ({@code .ci/run} installs them), named by path so that Selenium Manager never looks for, let alone downloads, a
 * browser or a driver. Each instance is a fresh profile with its own download folder, and keeps a screenshot of every
 * step under {@code target/browser/<test>/} for people to look at.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** A ceiling only a hang reaches: every wait ends as soon as its condition holds. */
    static final Duration PATIENCE = Duration.ofSeconds(90);

    private final ChromeDriver driver;
    private final Path screenshots;
    private final Path downloads;
    private int step;

    /**
     * @param test     names the folder of this browser's screenshots and downloads
     * @param timeZone the IANA zone the page runs in, as a user's computer would be set
     */
    Browser(String test, String timeZone) {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("The browser tests need " + CHROMIUM + " and " + CHROMEDRIVER
                    + ": install the Debian packages chromium and chromium-driver (.ci/run does).");
        }
        Path folder = Path.of("target", "browser", test).toAbsolutePath();
        screenshots = folder.resolve("screenshots");
        downloads = folder.resolve("downloads");
        recreate(screenshots);
        recreate(downloads);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,1000", "--lang=en-US", "--no-first-run", "--disable-extensions");
        options.setExperimentalOption("prefs", Map.of(
                "download.default_directory", downloads.toString(),
                "download.prompt_for_download", false,
                "intl.accept_languages", "en-US"));
        LoggingPreferences logging = new LoggingPreferences();
        logging.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logging);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.executeCdpCommand("Emulation.setTimezoneOverride", Map.of("timezoneId", timeZone));
    }

    WebDriver driver() {
        return driver;
    }

    /** Waits until {@code condition} gives something other than null or false, and returns it. */
    <T> T await(String what, Function<WebDriver, T> condition) {
        // the page re-renders an export's row on each change: an element found a moment ago may be gone, so look again
        return new WebDriverWait(driver, PATIENCE, Duration.ofMillis(100)).withMessage(what)
                .ignoring(StaleElementReferenceException.class).until(condition);
    }

    /** A table row's {@code data-status} (the API's status name), or null when the page has no row with that id. */
    String rowStatus(String rowId) {
        return (String) script("const row = document.getElementById(arguments[0]);"
                + " return row ? row.dataset.status : null", rowId);
    }

    /** The text of one column of a table row (its cell's {@code data-label}), as shown; null when there is none. */
    String rowCell(String rowId, String column) {
        return (String) script("const row = document.getElementById(arguments[0]);"
                + " const cell = row && row.querySelector(`td[data-label='${arguments[1]}']`);"
                + " return cell ? cell.innerText : null", rowId, column);
    }

    Object script(String script, Object... arguments) {
        return driver.executeScript(script, arguments);
    }

    /** Runs a script that returns an array of texts. */
    @SuppressWarnings("unchecked")
    List<String> texts(String script, Object... arguments) {
        return (List<String>) driver.executeScript(script, arguments);
    }

    /** The elements of the page whose right edge lies beyond the viewport. */
    List<String> overflowing() {
        return texts("""
                return [...document.querySelectorAll('body *')]
                  .filter(e => e.offsetParent !== null && e.getBoundingClientRect().right > window.innerWidth + 0.5)
                  .map(e => e.tagName + (e.id ? '#' + e.id : '') + ' ' + Math.round(e.getBoundingClientRect().right));
                """);
    }

    /** The visible controls that have neither a label nor an accessible name, as HTML. */
    List<String> controlsWithoutName() {
        return texts("""
                return [...document.querySelectorAll('input, select, textarea, button, progress')]
                  .filter(c => c.offsetParent !== null)
                  .filter(c => !(c.labels && c.labels.length) && !c.getAttribute('aria-label')
                               && !(c.tagName === 'BUTTON' && c.textContent.trim()))
                  .map(c => c.outerHTML)""");
    }

    /** Shows the page as a phone of that width would (CSS pixels), touch and all. */
    void emulatePhone(int width, int height) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 2, "mobile", true));
    }

    /** Makes every request whose URL matches one of the patterns ({@code *} wildcards) fail, as an unreachable server. */
    void blockRequests(String... urlPatterns) {
        driver.executeCdpCommand("Network.enable", Map.of());
        driver.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of(urlPatterns)));
    }

    /** Saves a screenshot of the whole page, not only of what the window shows, as {@code <nn>-<name>.png}. */
    void screenshot(String name) {
        Path file = screenshots.resolve(String.format("%02d-%s.png", ++step, name));
        @SuppressWarnings("unchecked")
        Map<String, Object> size = (Map<String, Object>) driver.executeCdpCommand("Page.getLayoutMetrics", Map.of())
                .get("cssContentSize");
        Map<String, Object> page = Map.of("x", 0, "y", 0, "width", size.get("width"), "height", size.get("height"),
                "scale", 1);
        Object png = driver.executeCdpCommand("Page.captureScreenshot",
                Map.of("format", "png", "captureBeyondViewport", true, "clip", page)).get("data");
        try {
            Files.write(file, Base64.getDecoder().decode((String) png));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the page logged at the level of an error since the last call: failed loads, uncaught exceptions. */
    List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage).toList();
    }

    /** Waits for the download of {@code fileName} to complete and returns the file. */
    Path awaitDownload(String fileName) {
        Path file = downloads.resolve(fileName);
        return await("the download of " + fileName, ignored -> Files.exists(file) && !partial() ? file : null);
    }

    private boolean partial() {
        try (Stream<Path> files = Files.list(downloads)) {
            return files.anyMatch(path -> path.getFileName().toString().endsWith(".crdownload"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void recreate(Path folder) {
        try {
            if (Files.exists(folder)) {
                try (Stream<Path> files = Files.list(folder)) {
                    for (Path file : files.toList()) {
                        Files.delete(file);
                    }
                }
            }
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
