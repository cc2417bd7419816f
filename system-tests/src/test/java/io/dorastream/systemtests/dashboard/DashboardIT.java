package io.dorastream.systemtests.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.fasterxml.jackson.databind.JsonNode;

import io.dorastream.devstack.run.LocalStack;
import io.dorastream.devstack.simulator.DatasetSpec;
import io.dorastream.events.DoraJson;
import io.dorastream.systemtests.Stacks;

/**
 * The dashboard in a real headless Chromium against the running system (packaged services as
 * processes, Kafka, PostgreSQL, the Datadog simulator): sign-in, connecting an account (a failing
 * check shows Datadog's own text), the backfill, every figure of the overview equal to the API's
 * answer for the same filters, filters in the URL, trends, a sorted breakdown and its CSV, an event's
 * details, the 2025 benchmark's profile, a viewer's read-only pages, the backend-down state — and no
 * request ever leaving the gateway's origin; every control labelled, the keyboard's path through the page.
 * Each page's screenshot goes to target/screenshots; with {@code -Dscreenshots.update=true} also to
 * docs/screenshots, from a simulator whose clock is frozen at {@link #SCREENSHOT_NOW} (the same data, so
 * the same figures, on every such run).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardIT {

    private static final String ADMIN_TOKEN = "it-dashboard-admin-token";
    private static final String VIEWER_TOKEN = "it-dashboard-viewer-token";
    private static final Duration PAGE = Duration.ofSeconds(30);
    /**
     * The simulator's frozen now of a screenshot run: its dataset is generated back from here. It must lie in
     * the past (the connector reads up to the real now); the demo connection's backfill reaches back to it.
     */
    static final Instant SCREENSHOT_NOW = Instant.parse("2026-11-30T12:00:00Z");

    private static LocalStack stack;
    private static Browser browser;
    private static Properties secrets;
    private static String origin;
    private static LocalDate from;
    private static LocalDate to;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws IOException {
        Browser.requireInstalled();
        Map<String, String> gateway = new LinkedHashMap<>();
        Stacks.token(gateway, "it-viewer", VIEWER_TOKEN, "viewer");
        LocalStack.Options options = Stacks.options("dashboard", ADMIN_TOKEN,
                DatasetSpec.demo().withSeed(12).withServices(5).withMonthsBack(2)).withGatewaySettings(gateway);
        if (Browser.updatingScreenshots()) {
            assertTrue(SCREENSHOT_NOW.isBefore(Instant.now()), "SCREENSHOT_NOW must lie in the past: " + SCREENSHOT_NOW);
            options = options.withSimulatorNow(SCREENSHOT_NOW);
        }
        stack = LocalStack.start(options);
        secrets = new Properties();
        try (Reader r = Files.newBufferedReader(options.dataDir().resolve("secrets.properties"))) {
            secrets.load(r);
        }
        origin = "http://localhost:" + stack.gatewayUri().getPort();
        // the window of the simulator's data: up to its now (frozen for a screenshot run), days included
        to = LocalDate.ofInstant(stack.simulator().clock().now(), ZoneOffset.UTC).plusDays(1);
        from = to.minusDays(70);
        long expected = stack.expectedDeployments(from.atStartOfDay().toInstant(ZoneOffset.UTC),
                to.atStartOfDay().toInstant(ZoneOffset.UTC));
        Awaitility.await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(2))
                .until(() -> api("/api/v1/metrics/dora", window()).path("deploymentFrequency").path("count").asLong() == expected);
        browser = Browser.start();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        Stacks.stop(stack);
    }

    @AfterEach
    void printConsole() {
        if (browser != null) {
            browser.console().forEach(m -> System.out.println("[browser console] " + m));
        }
    }

    // ------------------------------------------------------------------ the steps, in order

    @Test
    @Order(1)
    void signIn() {
        browser.driver.get(origin + "/");
        waitFor(By.cssSelector("input[name=token]"));
        assertTrue(browser.driver.getCurrentUrl().contains("#/signin"), browser.driver.getCurrentUrl());
        assertEveryControlLabelled("sign-in");
        signInWith("not-a-token");
        waitFor(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".signin .problem"), "not known"));
        // this gateway has no OIDC provider for the code flow (GET /sso says so): no SSO button
        assertFalse(api("/sso", Map.of()).path("enabled").asBoolean(true), "GET /sso: SSO off");
        assertTrue(browser.driver.findElements(By.id("sso-login")).isEmpty(), "no Sign in with SSO without a provider");
        assertFalse(browser.driver.findElement(By.id("sso")).isDisplayed());
        browser.screenshot("signin");
        field("token").clear();
        signInWith(ADMIN_TOKEN);
        awaitPage(".cards .key");
        assertTrue(browser.driver.getCurrentUrl().contains("#/overview"), browser.driver.getCurrentUrl());
    }

    @Test
    @Order(2)
    void connectShowsTheChecklistWithDatadogsTextThenTheBackfill() throws Exception {
        open("/connections");
        browser.screenshot("connections");
        browser.driver.findElement(By.id("connect")).click();
        waitFor(By.id("connect-form"));
        String wrongKey = "0".repeat(32);
        assertEveryControlLabelled("connect");
        fillConnectForm("dashboard-wrong", wrongKey, "");
        waitFor(By.cssSelector("#checklist li.failed"));
        // the same request through the API: the page shows each of its checks with Datadog's own text
        String body = "{\"name\":\"dashboard-wrong\",\"site\":\"datadoghq.com\",\"apiKey\":\"" + wrongKey + "\",\"appKey\":\""
                + secrets.getProperty("simulator.app-key") + "\",\"backfillDays\":1,\"pollIntervalSeconds\":60}";
        HttpResponse<String> refused = send(HttpRequest.newBuilder(URI.create(origin + "/api/v1/connections"))
                .header("Authorization", "Bearer " + ADMIN_TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertEquals(422, refused.statusCode(), refused.body());
        JsonNode checks = DoraJson.mapper().readTree(refused.body()).path("checks");
        assertTrue(checks.size() > 0, refused.body());
        boolean someFailedWithText = false;
        for (JsonNode check : checks) {
            WebElement li = browser.driver.findElement(By.cssSelector("#checklist li[data-check='" + check.path("name").asText() + "']"));
            assertEquals(check.path("ok").asBoolean() ? "ok" : "failed", li.getAttribute("class"), check.toString());
            if (!check.path("detail").isNull() && !check.path("detail").isMissingNode()) {
                assertEquals(check.path("detail").asText(), li.findElement(By.cssSelector(".detail")).getText());
                someFailedWithText = true;
            }
        }
        assertTrue(someFailedWithText, "a failed check carries Datadog's text: " + checks);
        browser.driver.executeScript("arguments[0].scrollIntoView({block: 'end'})", browser.driver.findElement(By.id("checklist")));
        browser.screenshot("connect-failed");

        // a query of its own (matching every event): the demo connection already reads this key without one, and the
        // connector refuses a second connection with the same site, key and query
        fillConnectForm("dashboard-right", secrets.getProperty("simulator.api-key"), "-dashboard_test:right");
        waitFor(By.id("open-connection"));
        assertTrue(browser.driver.findElements(By.cssSelector("#checklist li.failed")).isEmpty());
        // the creation's checklist: API key, application key (the simulator offers validate_keys), both streams
        assertEquals(4, browser.driver.findElements(By.cssSelector("#checklist li.ok")).size());
        browser.driver.executeScript("arguments[0].scrollIntoView({block: 'end'})", browser.driver.findElement(By.id("open-connection")));
        browser.screenshot("connect");
        browser.driver.findElement(By.id("open-connection")).click();
        awaitPage("#streams");
        // the page refreshes itself until both streams finished their backfill; a refresh between finding a stream
        // and reading its badge leaves a stale element, which only means: look again
        new WebDriverWait(browser.driver, Duration.ofMinutes(3)).ignoring(StaleElementReferenceException.class).until(d -> {
            List<WebElement> streams = d.findElements(By.cssSelector("#streams [data-stream]"));
            return streams.size() == 2 && d.findElements(By.cssSelector("#streams progress")).isEmpty()
                    && streams.stream().allMatch(s -> s.findElement(By.cssSelector("h3 .badge")).getText().equals("live"));
        });
        browser.screenshot("connection");
    }

    @Test
    @Order(3)
    void overviewShowsTheApisFiguresAndFollowsTheFilters() {
        Map<String, List<String>> query = window();
        open("/overview?" + queryString(query));
        assertOverviewEqualsApi(query);
        // the default benchmark (the API's, dora-2025): the profile, and each card its score instead of a level
        JsonNode benchmarks = api("/api/v1/metrics/benchmarks", Map.of());
        assertEquals("dora-2025", benchmarks.path("default").asText());
        List<String> offered = new Select(browser.driver.findElement(By.cssSelector("select[name=benchmark]"))).getOptions().stream()
                .map(o -> o.getAttribute("value")).toList();
        List<String> listed = new ArrayList<>();
        benchmarks.path("benchmarks").forEach(b -> listed.add(b.path("name").asText()));
        assertEquals(listed, offered, "the benchmarks the API lists, in its order");
        assertFalse(browser.driver.findElements(By.cssSelector("#profile [data-figure='profile.throughput.score']")).isEmpty());
        assertFalse(browser.driver.findElements(By.cssSelector(".key [data-figure='changeLeadTime.score']")).isEmpty());
        assertTrue(browser.driver.findElements(By.cssSelector(".key [data-figure$='.level']")).isEmpty(), "no level under dora-2025");
        assertEveryControlLabelled("overview");
        browser.screenshot("overview");
        theKeyboardReachesEverythingWithTheFocusShown();
        theOverviewFitsANarrowWindow();

        // a filter changed in the bar: the URL and the figures follow
        String team = firstOption("team");
        WebElement before = browser.driver.findElement(By.cssSelector(".cards"));
        new Select(browser.driver.findElement(By.cssSelector("select[name=team]"))).selectByValue(team);
        waitFor(ExpectedConditions.stalenessOf(before));
        awaitPage(".cards .key");
        assertTrue(browser.driver.getCurrentUrl().contains("team=" + encode(team)), browser.driver.getCurrentUrl());
        Map<String, List<String>> byTeam = new LinkedHashMap<>(query);
        byTeam.put("team", List.of(team));
        assertOverviewEqualsApi(byTeam);

        // a window preset: the last 7 days
        before = browser.driver.findElement(By.cssSelector(".cards"));
        new Select(browser.driver.findElement(By.cssSelector("select[name=window]"))).selectByValue("7");
        waitFor(ExpectedConditions.stalenessOf(before));
        awaitPage(".cards .key");
        assertTrue(browser.driver.getCurrentUrl().contains("days=7"), browser.driver.getCurrentUrl());
        // (a preset counts back from the browser's today, not from the simulator's now: frozen, they differ)
        LocalDate tomorrow = LocalDate.now(ZoneOffset.UTC).plusDays(1);
        Map<String, List<String>> week = new LinkedHashMap<>();
        week.put("from", List.of(tomorrow.minusDays(7).toString()));
        week.put("to", List.of(tomorrow.toString()));
        week.put("team", List.of(team));
        assertOverviewEqualsApi(week);
    }

    @Test
    @Order(4)
    void trendsChartEveryKeyWithItsFigures() {
        Map<String, List<String>> query = window();
        open("/trends?" + queryString(query) + "&interval=week");
        Map<String, List<String>> withInterval = new LinkedHashMap<>(query);
        withInterval.put("interval", List.of("week"));
        JsonNode points = api("/api/v1/metrics/dora/timeseries", withInterval).path("points");
        List<WebElement> charts = browser.driver.findElements(By.cssSelector("figure.chart-box"));
        assertEquals(6, charts.size());
        WebElement cfr = browser.driver.findElement(By.id("chart-changeFailureRate"));
        assertEquals(points.size(), cfr.findElements(By.cssSelector("table tbody tr")).size());
        long withRate = Stream.iterate(0, i -> i + 1).limit(points.size())
                .filter(i -> !points.get(i).path("changeFailureRate").path("rate").isNull()).count();
        assertEquals(withRate, cfr.findElements(By.cssSelector("circle.point")).size());
        assertFalse(cfr.findElements(By.cssSelector("path.band")).isEmpty(), "the interval band");
        WebElement point = cfr.findElements(By.cssSelector("circle.point")).get(0);
        new Actions(browser.driver).moveToElement(point).perform();
        String readout = cfr.findElement(By.cssSelector(".readout")).getText();
        assertTrue(readout.contains("95 % interval") && readout.contains("n = "), readout);
        assertEveryControlLabelled("trends");
        browser.screenshot("trends");
    }

    @Test
    @Order(5)
    void breakdownSortsDownloadsItsCsvAndFiltersTheOverview() throws Exception {
        Map<String, List<String>> query = window();
        open("/breakdown?" + queryString(query) + "&by=service");
        Map<String, List<String>> byService = new LinkedHashMap<>(query);
        byService.put("by", List.of("service"));
        byService.put("limit", List.of("1000"));
        JsonNode items = api("/api/v1/metrics/dora/breakdown", byService).path("items");
        List<WebElement> rows = browser.driver.findElements(By.cssSelector("#breakdown-table tbody tr"));
        assertEquals(items.size(), rows.size());
        for (JsonNode item : items) {
            WebElement row = browser.driver.findElement(By.cssSelector("#breakdown-table tbody tr[data-key='" + item.path("key").asText("") + "']"));
            for (String figure : List.of("deploymentFrequency.perDay", "changeLeadTime.medianSeconds", "changeFailureRate.rate")) {
                String column = figure.substring(0, figure.indexOf('.'));
                assertSame(item.at("/" + figure.replace('.', '/')), json(row.findElement(By.cssSelector("[data-column=" + column + "]"))
                        .getAttribute("data-value")), item.path("key") + " " + figure);
            }
        }

        sortBy("changeFailureRate");
        assertSorted(columnValues("changeFailureRate"), false);
        sortBy("changeFailureRate");
        assertSorted(columnValues("changeFailureRate"), true);
        assertTrue(browser.driver.getCurrentUrl().contains("sort=changeFailureRate%3Aasc")
                || browser.driver.getCurrentUrl().contains("sort=changeFailureRate:asc"), browser.driver.getCurrentUrl());
        assertEveryControlLabelled("breakdown");
        browser.screenshot("breakdown");

        browser.driver.findElement(By.id("csv")).click();
        Path csv = Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            try (Stream<Path> files = Files.list(browser.downloads)) {
                return files.filter(p -> p.toString().endsWith(".csv")).findFirst().orElse(null);
            }
        }, p -> p != null);
        HttpResponse<String> expected = send(HttpRequest.newBuilder(URI.create(origin + "/api/v1/metrics/dora/breakdown?" + queryString(byService)))
                .header("Authorization", "Bearer " + ADMIN_TOKEN).header("Accept", "text/csv"));
        assertEquals(200, expected.statusCode());
        assertEquals(expected.body(), Files.readString(csv));

        // a row opens the overview filtered to it
        WebElement first = browser.driver.findElement(By.cssSelector("#breakdown-table tbody tr.clickable"));
        String key = first.getAttribute("data-key");
        first.click();
        awaitPage(".cards .key");
        assertTrue(browser.driver.getCurrentUrl().contains("#/overview") && browser.driver.getCurrentUrl().contains("service=" + encode(key)),
                browser.driver.getCurrentUrl());
        Map<String, List<String>> filtered = new LinkedHashMap<>(query);
        filtered.put("service", List.of(key));
        assertOverviewEqualsApi(filtered);
    }

    @Test
    @Order(6)
    void eventsArePagedAndOpenTheirDetails() {
        Map<String, List<String>> query = window();
        open("/events?" + queryString(query));
        Map<String, List<String>> page = new LinkedHashMap<>(query);
        page.put("limit", List.of("25"));
        JsonNode first = api("/api/v1/deployments", page);
        List<String> shown = browser.driver.findElements(By.cssSelector("#events-table tbody tr")).stream()
                .map(r -> r.getAttribute("data-event")).toList();
        List<String> expected = new ArrayList<>();
        first.path("items").forEach(i -> expected.add(i.path("eventId").asText()));
        assertEquals(expected, shown);

        browser.driver.findElement(By.cssSelector("#events-table tbody tr")).click();
        WebElement dialog = waitFor(By.cssSelector("dialog#event-details[open]"));
        assertTrue(dialog.getText().contains(expected.get(0)), dialog.getText());
        assertTrue(dialog.getText().contains("Change failure"), dialog.getText());
        assertEveryControlLabelled("events");
        browser.screenshot("event");
        dialog.findElement(By.cssSelector("button.close")).click();

        WebElement table = browser.driver.findElement(By.id("events-table"));
        browser.driver.findElement(By.id("older")).click();
        waitFor(ExpectedConditions.stalenessOf(table));
        awaitPage("#events-table");
        page.put("cursor", List.of(first.path("nextCursor").asText()));
        JsonNode second = api("/api/v1/deployments", page);
        assertEquals(second.path("items").get(0).path("eventId").asText(),
                browser.driver.findElement(By.cssSelector("#events-table tbody tr")).getAttribute("data-event"));
    }

    /** Levels under dora-2023; back under dora-2025, the profile against another comparison group. */
    @Test
    @Order(7)
    void theBenchmarkSelectorSwitchesBetweenLevelsAndTheProfileInAComparisonGroup() {
        Map<String, List<String>> query = window();
        open("/overview?" + queryString(query));
        changeAndAwait(By.cssSelector("select[name=benchmark]"), "dora-2023");
        assertTrue(browser.driver.getCurrentUrl().contains("benchmark=dora-2023"), browser.driver.getCurrentUrl());
        Map<String, List<String>> levels = new LinkedHashMap<>(query);
        levels.put("benchmark", List.of("dora-2023"));
        assertOverviewEqualsApi(levels);
        assertTrue(browser.driver.findElements(By.id("profile")).isEmpty(), "no profile under dora-2023");
        assertFalse(browser.driver.findElements(By.cssSelector(".key [data-figure='deploymentFrequency.level']")).isEmpty());
        browser.screenshot("overview-dora-2023");

        changeAndAwait(By.cssSelector("select[name=benchmark]"), "dora-2025");
        changeAndAwait(By.cssSelector("select[name=family]"), "orgSize");
        changeAndAwait(By.cssSelector("select[name=orgSize]"), "fewer_than_100");
        assertTrue(browser.driver.getCurrentUrl().contains("orgSize=fewer_than_100")
                && browser.driver.getCurrentUrl().contains("benchmark=dora-2025"), browser.driver.getCurrentUrl());
        Map<String, List<String>> group = new LinkedHashMap<>(query);
        group.put("benchmark", List.of("dora-2025"));
        group.put("orgSize", List.of("fewer_than_100"));
        assertOverviewEqualsApi(group);
        assertFalse(browser.driver.findElements(By.cssSelector("#profile [data-figure='profile.throughput.position.percentile']")).isEmpty());
        browser.screenshot("overview-dora-2025");
    }

    @Test
    @Order(8)
    void aViewerSeesNoConnectionManagementAndARefusedTokenAsksToSignInAgain() {
        browser.driver.findElement(By.cssSelector(".who button")).click();
        waitFor(By.cssSelector("input[name=token]"));
        signInWith(VIEWER_TOKEN);
        awaitPage(".cards .key");
        open("/connections");
        assertTrue(browser.driver.findElements(By.id("connect")).isEmpty(), "no Connect button for a viewer");
        browser.driver.findElement(By.cssSelector("#connections-table tbody a")).click();
        awaitPage("#streams");
        assertTrue(browser.driver.findElements(By.id("manage")).isEmpty(), "no management for a viewer");
        open("/connections/new");
        assertTrue(browser.driver.findElements(By.id("connect-form")).isEmpty());

        // a token the gateway no longer knows: the page asks to sign in again and says why
        browser.driver.executeScript("sessionStorage.setItem('dorastream.token', 'revoked-token')");
        open("/overview?" + queryString(window()));
        WebElement problem = waitFor(By.cssSelector(".signin .problem"));
        assertTrue(problem.getText().contains("refused or has expired"), problem.getText());
        signInWith(ADMIN_TOKEN);
        awaitPage(".cards .key");
    }

    @Test
    @Order(9)
    void theBackendDownStateWhenTheAggregatorIsStopped() {
        stack.services().get("aggregator-service").kill();
        // a window no earlier step asked for, so that the gateway's metrics cache cannot answer it
        Map<String, List<String>> unseen = window();
        unseen.put("from", List.of(from.minusDays(1).toString()));
        open("/overview?" + queryString(unseen));
        WebElement error = waitFor(By.cssSelector(".state-error .problem"));
        assertTrue(error.getText().contains("aggregator-service"), error.getText());
        assertTrue(error.getText().contains("unavailable"), error.getText());
        browser.screenshot("backend-down");
    }

    @Test
    @Order(10)
    void noRequestLeftTheGatewaysOrigin() {
        List<Browser.Request> requests = browser.requests();
        List<String> urls = requests.stream().map(Browser.Request::url).toList();
        assertTrue(urls.stream().anyMatch(u -> u.startsWith(origin + "/api/v1/metrics/dora?")), urls.toString());
        assertTrue(urls.stream().anyMatch(u -> u.startsWith(origin + "/app/main.js")), urls.toString());
        // what the dashboard's documents asked for stays on the origin; and nothing at all went to another host
        // (the browser's own chrome:// pages, such as its first empty tab, load from inside the browser)
        List<Browser.Request> foreign = requests.stream()
                .filter(r -> !sameOrigin(r.url()) && (r.document().startsWith(origin + "/") || r.url().matches("(?i)(https?|wss?|ftp):.*")))
                .toList();
        assertEquals(List.of(), foreign, "requests outside " + origin);
    }

    private static boolean sameOrigin(String url) {
        return url.startsWith(origin + "/") || url.startsWith("blob:" + origin + "/") || url.startsWith("data:");
    }

    // ------------------------------------------------------------------ helpers

    /**
     * From the top of the page, Tab reaches the skip link first (shown when focused), whose Enter moves the
     * focus to the content without leaving the page; Tab goes on through the navigation, then the filters,
     * each focused element outlined.
     */
    private static void theKeyboardReachesEverythingWithTheFocusShown() {
        String url = browser.driver.getCurrentUrl();
        browser.driver.navigate().refresh();
        awaitPage(".cards .key");
        new Actions(browser.driver).sendKeys(Keys.TAB).perform();
        WebElement skip = browser.driver.switchTo().activeElement();
        assertEquals("skip", skip.getAttribute("class"), skip.getAttribute("outerHTML"));
        assertTrue(skip.getLocation().getX() >= 0 && skip.isDisplayed(), "the skip link is shown when focused");
        assertFocusShown();
        new Actions(browser.driver).sendKeys(Keys.ENTER).perform();
        assertEquals("main", browser.driver.switchTo().activeElement().getAttribute("id"));
        assertEquals(url, browser.driver.getCurrentUrl(), "the skip link leaves the route alone");
        // the content's first stops: the window, then (a custom window) its first date, in reading order
        new Actions(browser.driver).sendKeys(Keys.TAB).perform();
        assertEquals("window", browser.driver.switchTo().activeElement().getAttribute("name"));
        assertFocusShown();
        new Actions(browser.driver).sendKeys(Keys.TAB).perform();
        assertEquals("from", browser.driver.switchTo().activeElement().getAttribute("name"));
        // backwards from the content's top: the navigation, its current page last
        new Actions(browser.driver).keyDown(Keys.SHIFT).sendKeys(Keys.TAB).sendKeys(Keys.TAB).keyUp(Keys.SHIFT).perform();
        WebElement back = browser.driver.switchTo().activeElement();
        assertTrue(back.getTagName().equals("button") && back.getText().equals("Sign out"), back.getAttribute("outerHTML"));
        assertFocusShown();
    }

    /** From a phone-narrow window up: the page never scrolls sideways (a wide table scrolls in its own box). */
    private static void theOverviewFitsANarrowWindow() {
        Dimension wide = browser.driver.manage().window().getSize();
        try {
            browser.driver.manage().window().setSize(new Dimension(400, 900));
            awaitPage(".cards .key");
            Number overflow = (Number) browser.driver.executeScript(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
            assertTrue(overflow.intValue() <= 0, "the page scrolls sideways by " + overflow + " px at 400 px");
            browser.screenshot("overview-narrow");
        } finally {
            browser.driver.manage().window().setSize(wide);
        }
    }

    /** The focused element has a visible outline (the :focus-visible ring). */
    private static void assertFocusShown() {
        String outline = (String) browser.driver.executeScript(
                "const s = getComputedStyle(document.activeElement); return s.outlineStyle + ' ' + s.outlineWidth;");
        assertFalse(outline.startsWith("none") || outline.endsWith(" 0px"), "focus outline: " + outline);
    }

    /** Every form control, button and focusable element of the page has an accessible name. */
    private static void assertEveryControlLabelled(String page) {
        @SuppressWarnings("unchecked")
        List<String> unlabelled = (List<String>) browser.driver.executeScript("""
                return [...document.querySelectorAll('input, select, textarea, button, a[href], [tabindex]:not(main)')]
                  .filter(e => e.offsetParent !== null || e.getClientRects().length > 0)
                  .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')
                    && !e.getAttribute('aria-labelledby')
                    && !(['BUTTON', 'A', 'TR'].includes(e.tagName) && e.textContent.trim()))
                  .map(e => e.outerHTML.slice(0, 160));""");
        assertEquals(List.of(), unlabelled, page + ": controls without a label");
    }

    /** Chooses value in the select and waits for the page to render anew. */
    private static void changeAndAwait(By select, String value) {
        WebElement main = browser.driver.findElement(By.cssSelector("main > section"));
        new Select(browser.driver.findElement(select)).selectByValue(value);
        waitFor(ExpectedConditions.stalenessOf(main));
        awaitPage("main > section");
    }

    /** Every figure the overview shows ([data-figure]) equals the API's answer for the same query. */
    private static void assertOverviewEqualsApi(Map<String, List<String>> query) {
        // the page and the API read the same data; it may still be settling (a new connection's last events)
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            browser.driver.navigate().refresh();
            awaitPage(".cards .key");
            JsonNode summary = api("/api/v1/metrics/dora", query);
            List<WebElement> figures = browser.driver.findElements(By.cssSelector("main [data-figure][data-value]"));
            assertTrue(figures.size() >= 14, "figures shown: " + figures.size());
            for (WebElement f : figures) {
                String path = f.getAttribute("data-figure");
                assertSame(summary.at("/" + path.replace('.', '/')), json(f.getAttribute("data-value")), path);
            }
            assertEquals(summary.path("benchmark").asText(),
                    browser.driver.findElement(By.cssSelector("[data-figure=benchmark]")).getText());
        });
    }

    /** Equal JSON values; numbers compared as doubles (JavaScript writes 2.0 as 2). */
    private static void assertSame(JsonNode expected, JsonNode actual, String what) {
        if (expected.isMissingNode()) {
            expected = DoraJson.mapper().nullNode();
        }
        if (expected.isNumber() && actual.isNumber()) {
            assertEquals(expected.asDouble(), actual.asDouble(), what);
        } else if (expected.isArray() && actual.isArray()) {
            assertEquals(expected.size(), actual.size(), what);
            for (int i = 0; i < expected.size(); i++) {
                assertSame(expected.get(i), actual.get(i), what + "[" + i + "]");
            }
        } else {
            assertEquals(expected, actual, what);
        }
    }

    private static JsonNode json(String text) {
        try {
            return DoraJson.mapper().readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    private static Map<String, List<String>> window() {
        Map<String, List<String>> q = new LinkedHashMap<>();
        q.put("from", List.of(from.toString()));
        q.put("to", List.of(to.toString()));
        return q;
    }

    private static String queryString(Map<String, List<String>> query) {
        return query.entrySet().stream().flatMap(e -> e.getValue().stream().map(v -> e.getKey() + "=" + encode(v)))
                .collect(Collectors.joining("&"));
    }

    private static String encode(String v) {
        return URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static JsonNode api(String path, Map<String, List<String>> query) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(origin + path + "?" + queryString(query)))
                .header("Authorization", "Bearer " + ADMIN_TOKEN));
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return json(r.body());
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void open(String route) {
        browser.driver.get(origin + "/#" + route);
        browser.driver.navigate().refresh();
        awaitPage("main > *");
    }

    /** Waits until the page finished loading (no busy main, no loading note) and shows css. */
    private static void awaitPage(String css) {
        new WebDriverWait(browser.driver, PAGE).until(d -> d.findElements(By.cssSelector("main[aria-busy]")).isEmpty()
                && d.findElements(By.cssSelector("main > p.loading")).isEmpty()
                && !d.findElements(By.cssSelector(css)).isEmpty());
    }

    private static WebElement waitFor(By by) {
        return new WebDriverWait(browser.driver, PAGE).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    private static <T> T waitFor(org.openqa.selenium.support.ui.ExpectedCondition<T> condition) {
        return new WebDriverWait(browser.driver, PAGE).until(condition);
    }

    private static WebElement field(String name) {
        return browser.driver.findElement(By.name(name));
    }

    private static void signInWith(String token) {
        WebElement input = field("token");
        input.clear();
        input.sendKeys(token);
        browser.driver.findElement(By.cssSelector(".signin button[type=submit]")).click();
    }

    private static void fillConnectForm(String name, String apiKey, String query) {
        WebElement result = browser.driver.findElement(By.cssSelector("#connect-form .result"));
        for (String[] f : new String[][] { { "connect-name", name }, { "connect-apiKey", apiKey },
                { "connect-appKey", secrets.getProperty("simulator.app-key") }, { "connect-query", query },
                { "connect-backfillDays", "1" } }) {
            WebElement input = browser.driver.findElement(By.id(f[0]));
            input.clear();
            input.sendKeys(f[1]);
        }
        new Select(browser.driver.findElement(By.id("connect-site"))).selectByValue("datadoghq.com");
        browser.driver.findElement(By.cssSelector("#connect-form button[type=submit]")).click();
        new WebDriverWait(browser.driver, Duration.ofSeconds(90)).until(d -> !result.getText().isBlank()
                && result.findElements(By.cssSelector(".loading")).isEmpty());
    }

    private static String firstOption(String select) {
        return new Select(browser.driver.findElement(By.cssSelector("select[name=" + select + "]"))).getOptions().stream()
                .map(o -> o.getAttribute("value")).filter(v -> !v.isEmpty()).findFirst()
                .orElseThrow(() -> new AssertionError("no " + select + " to choose"));
    }

    private static void sortBy(String column) {
        WebElement table = browser.driver.findElement(By.id("breakdown-table"));
        browser.driver.findElement(By.cssSelector("button.sort[data-column=" + column + "]")).click();
        waitFor(ExpectedConditions.stalenessOf(table));
        awaitPage("#breakdown-table");
    }

    private static List<JsonNode> columnValues(String column) {
        return browser.driver.findElements(By.cssSelector("#breakdown-table tbody td[data-column=" + column + "]")).stream()
                .map(td -> json(td.getAttribute("data-value"))).toList();
    }

    /** Numbers in order (ascending or descending), rows without a value last. */
    private static void assertSorted(List<JsonNode> values, boolean ascending) {
        int firstNull = values.size();
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i).isNull()) {
                firstNull = Math.min(firstNull, i);
            } else {
                assertTrue(i < firstNull, "a value after a row without one: " + values);
            }
        }
        List<Double> numbers = values.subList(0, firstNull).stream().map(JsonNode::asDouble).toList();
        Comparator<Double> order = ascending ? Comparator.naturalOrder() : Comparator.reverseOrder();
        assertEquals(numbers.stream().sorted(order).toList(), numbers, "sorted " + (ascending ? "ascending" : "descending"));
        assertTrue(numbers.size() > 1, "something to sort: " + values);
    }
}
