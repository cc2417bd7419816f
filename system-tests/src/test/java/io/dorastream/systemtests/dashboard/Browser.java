package io.dorastream.systemtests.dashboard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import com.fasterxml.jackson.databind.JsonNode;

import io.dorastream.events.DoraJson;

/**
 * The system's headless Chromium driven through its own chromedriver (Debian's {@code chromium} and
 * {@code chromium-driver}): nothing is downloaded, Selenium Manager never runs. Without them the
 * calling test is skipped with a loud message, unless {@code -Drequire.tools=true} (.ci/run) makes
 * their absence fail it. Records every URL the browser requests (Chrome's performance log).
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("chromedriver.binary", "/usr/bin/chromedriver"));

    final ChromeDriver driver;
    final Path downloads;
    private final Path profile;
    /** Each request: its URL and the URL of the document that made it. */
    record Request(String url, String document) {
    }

    private final List<Request> requested = new ArrayList<>();

    private Browser(ChromeDriver driver, Path downloads, Path profile) {
        this.driver = driver;
        this.downloads = downloads;
        this.profile = profile;
    }

    /** Skips (or, under -Drequire.tools=true, fails) the calling test when Chromium or its driver is missing. */
    static void requireInstalled() {
        for (Path binary : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(binary)) {
                String message = "*** " + binary + " is not installed: the dashboard's browser tests are SKIPPED. Install "
                        + "Debian's chromium and chromium-driver (.ci/run does, with apt) or run with -Drequire.tools=true "
                        + "to make their absence fail the build. ***";
                if (Boolean.getBoolean("require.tools")) {
                    Assertions.fail(binary + " is required (-Drequire.tools=true) but not installed");
                }
                System.err.println(message);
                Assumptions.abort(message);
            }
        }
    }

    static Browser start() throws IOException {
        requireInstalled();
        Path profile = Files.createTempDirectory("dashboard-chromium-");
        Path downloads = Files.createTempDirectory("dashboard-downloads-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--disable-extensions", "--disable-default-apps", "--window-size=1440,1000", "--user-data-dir=" + profile);
        options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
                "download.prompt_for_download", false));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.PERFORMANCE, Level.ALL);
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        return new Browser(driver, downloads, profile);
    }

    /** Every request the browser made so far (the page, its files, its API calls; the browser's own pages too). */
    synchronized List<Request> requests() {
        for (LogEntry e : driver.manage().logs().get(LogType.PERFORMANCE)) {
            try {
                JsonNode message = DoraJson.mapper().readTree(e.getMessage()).path("message");
                if (message.path("method").asText().equals("Network.requestWillBeSent")) {
                    JsonNode params = message.path("params");
                    requested.add(new Request(params.path("request").path("url").asText(), params.path("documentURL").asText()));
                }
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
        return List.copyOf(requested);
    }

    /** The page's console messages since the last call (script errors among them), for a failing test's log. */
    List<String> console() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(e -> e.getLevel() + " " + e.getMessage()).toList();
    }

    /**
     * Writes the page's screenshot to {@code target/screenshots/<name>.png}; with
     * {@code -Dscreenshots.update=true} also to the repository's {@code docs/screenshots/}.
     */
    void screenshot(String name) {
        try {
            Path shot = driver.getScreenshotAs(OutputType.FILE).toPath();
            Path dir = Path.of(System.getProperty("dorastream.build.dir", "target")).resolve("screenshots");
            Files.createDirectories(dir);
            Files.copy(shot, dir.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
            if (updatingScreenshots()) {
                Path docs = Path.of(System.getProperty("dorastream.root", "..")).resolve("docs").resolve("screenshots");
                Files.createDirectories(docs);
                Files.copy(shot, docs.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
            }
            Files.delete(shot);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code -Dscreenshots.update=true}: this run's screenshots replace those of the repository's docs/screenshots. */
    static boolean updatingScreenshots() {
        return Boolean.getBoolean("screenshots.update");
    }

    @Override
    public void close() {
        driver.quit();
        for (Path dir : List.of(profile, downloads)) {
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                System.err.println("could not remove " + dir + ": " + e);
            }
        }
    }
}
