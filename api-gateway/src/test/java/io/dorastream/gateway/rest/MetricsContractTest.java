package io.dorastream.gateway.rest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.havingExactly;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.hamcrest.Matchers.aMapWithSize;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.github.tomakehurst.wiremock.client.WireMock;

import io.dorastream.gateway.testing.Fixtures;
import io.dorastream.gateway.testing.GatewayTestBase;
import io.dorastream.gateway.testing.WireMockBackends;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

/** Time series, breakdowns, the benchmark, CSV, ETags and the metrics cache. */
@QuarkusTest
@WithTestResource(value = WireMockBackends.class, scope = TestResourceScope.GLOBAL)
class MetricsContractTest extends GatewayTestBase {

    private static final String TIMESERIES = METRICS + "/timeseries";
    private static final String BREAKDOWN = METRICS + "/breakdown";

    private void stub(String path, String body) {
        wireMock.stubFor(get(urlPathEqualTo(path))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body)));
    }

    private static RequestSpecification window() {
        return asViewer().queryParam("from", "2026-03-01").queryParam("to", "2026-04-01");
    }

    // ------------------------------------------------------------------ time series

    @ParameterizedTest
    @ValueSource(strings = {"day", "week", "month"})
    void timeseriesIsForwardedWithItsInterval(String interval) {
        stub(INTERNAL_TIMESERIES, Fixtures.TIMESERIES);

        window().queryParam("interval", interval).when().get(TIMESERIES)
                .then().statusCode(200)
                .contentType("application/json")
                .body(equalTo(Fixtures.TIMESERIES));

        wireMock.verify(1, getRequestedFor(urlPathEqualTo(INTERNAL_TIMESERIES))
                .withQueryParam("from", WireMock.equalTo("2026-03-01T00:00:00Z"))
                .withQueryParam("to", WireMock.equalTo("2026-04-01T00:00:00Z"))
                .withQueryParam("interval", WireMock.equalTo(interval))
                // the default benchmark, named explicitly, with its default comparison group
                .withQueryParam("benchmark", WireMock.equalTo("dora-2025"))
                .withQueryParam("industry", WireMock.equalTo("all"))
                .withHeader("Authorization", WireMock.equalTo(INTERNAL_AUTH)));
    }

    @Test
    void timeseriesAsCsvFlattensEveryFigure() {
        stub(INTERNAL_TIMESERIES, Fixtures.TIMESERIES);

        String csv = window().queryParam("interval", "week").accept("text/csv").when().get(TIMESERIES)
                .then().statusCode(200)
                .contentType(startsWith("text/csv"))
                .extract().asString();
        List<String> lines = List.of(csv.split("\r\n"));
        assertEquals(3, lines.size(), csv);
        assertEquals(MetricsCsv.timeseriesHeader().trim(), lines.get(0));
        assertEquals("start,end,deploymentFrequency.count,deploymentFrequency.perDay,deploymentFrequency.deploymentDays,"
                + "deploymentFrequency.medianDeploymentDaysPerWeek,deploymentFrequency.medianDeploymentDaysPerMonth,"
                + "deploymentFrequency.level,deploymentFrequency.lowSample,deploymentFrequency.score,deploymentFrequency.percentile,"
                + "changeLeadTime.n,changeLeadTime.medianSeconds,changeLeadTime.p75Seconds,"
                + "changeLeadTime.p90Seconds,changeLeadTime.level,changeLeadTime.lowSample,changeLeadTime.score,"
                + "changeLeadTime.percentile,changeFailureRate.method,changeFailureRate.deployments,"
                + "changeFailureRate.evaluated,changeFailureRate.failed,changeFailureRate.pending,changeFailureRate.rate,"
                + "changeFailureRate.ci95Low,changeFailureRate.ci95High,changeFailureRate.level,changeFailureRate.lowSample,"
                + "changeFailureRate.score,changeFailureRate.percentile,"
                + "failedDeploymentRecoveryTime.n,failedDeploymentRecoveryTime.medianSeconds,"
                + "failedDeploymentRecoveryTime.p90Seconds,failedDeploymentRecoveryTime.level,"
                + "failedDeploymentRecoveryTime.lowSample,failedDeploymentRecoveryTime.score,"
                + "failedDeploymentRecoveryTime.percentile,timeToRestore.n,"
                + "timeToRestore.open,timeToRestore.medianSeconds,timeToRestore.p90Seconds,timeToRestore.lowSample,reworkRate.known,"
                + "reworkRate.rework,reworkRate.rate,reworkRate.ci95Low,reworkRate.ci95High,reworkRate.lowSample,reworkRate.score,"
                + "reworkRate.percentile,remediation.rollbackRate,remediation.rollback,"
                + "remediation.rollforward,approximate,profile.throughput,profile.throughput.percentile,profile.stability,"
                + "profile.stability.percentile,profile.performanceAverage,profile.performanceAverage.percentile,dataAsOf",
                lines.get(0));
        // dora-2023: score, percentile and profile cells empty
        assertEquals("2026-03-01T00:00:00Z,2026-03-02T00:00:00Z,3,1.3333,70,5.0,23.0,elite,false,,,110,8400.0,12000.0,30000.0,"
                + "elite,false,,,change_failure,120,118,7,2,0.0593,0.029,0.1174,high,false,,,7,7200.0,30000.0,high,true,,,5,1,"
                + "3600.0,9000.0,true,118,9,0.0763,0.0406,0.1386,false,,,0.5714,4,3,true,,,,,,,2026-03-31T23:00:00Z", lines.get(1));
        assertEquals("2026-03-02T00:00:00Z,2026-03-09T00:00:00Z,0,0.0,0,,,,true,,,0,,,,,true,,,change_failure,0,0,0,0,,,,,true,,,"
                + "0,,,,true,,,0,0,,,true,0,0,,,,true,,,,,,false,,,,,,,", lines.get(2));
    }

    @Test
    void timeseriesWithoutIntervalIs400NamingIt() {
        window().when().get(TIMESERIES)
                .then().statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("errors", aMapWithSize(1))
                .body("errors.interval", equalTo("is required: one of day, week, month"));
        verifyNoBackendCall();
    }

    @ParameterizedTest
    @ValueSource(strings = {"hour", "quarter", "WEEK", "1d"})
    void unknownIntervalIs400NamingIt(String interval) {
        window().queryParam("interval", interval).when().get(TIMESERIES)
                .then().statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("detail", equalTo("invalid query parameters: interval"))
                .body("errors.interval", equalTo("'" + interval + "' is not one of day, week, month"));
        verifyNoBackendCall();
    }

    // ------------------------------------------------------------------ breakdown

    @ParameterizedTest
    @CsvSource({"service,,100", "team,5,5", "env,1000,1000", "service,1,1"})
    void breakdownIsForwardedWithByAndLimit(String by, String limit, String forwardedLimit) {
        stub(INTERNAL_BREAKDOWN, Fixtures.BREAKDOWN);
        RequestSpecification spec = window().queryParam("by", by);
        if (limit != null) {
            spec.queryParam("limit", limit);
        }
        spec.when().get(BREAKDOWN).then().statusCode(200).body("items[0].key", equalTo("checkout"));

        wireMock.verify(1, getRequestedFor(urlPathEqualTo(INTERNAL_BREAKDOWN))
                .withQueryParam("by", WireMock.equalTo(by))
                .withQueryParam("limit", WireMock.equalTo(forwardedLimit))
                .withQueryParam("benchmark", WireMock.equalTo("dora-2025")));
    }

    @Test
    void breakdownAsCsvHasOneRowPerKeyAndDefusesFormulas() {
        stub(INTERNAL_BREAKDOWN, Fixtures.BREAKDOWN);

        String csv = window().queryParam("by", "service").header("Accept", "text/csv;q=0.9, application/json;q=0.5")
                .when().get(BREAKDOWN)
                .then().statusCode(200)
                .contentType(startsWith("text/csv"))
                .header("ETag", matchesPattern("\"[0-9a-f]{32}\""))
                .extract().asString();
        List<String> lines = List.of(csv.split("\r\n"));
        assertEquals(3, lines.size(), csv);
        assertEquals(MetricsCsv.breakdownHeader().trim(), lines.get(0));
        assertEquals("key", lines.get(0).split(",")[0]);
        assertEquals("checkout,80,1.3333,70,5.0,23.0,elite,false,,,110,8400.0,12000.0,30000.0,elite,false,,,change_failure,120,118,"
                + "7,2,0.0593,0.029,0.1174,high,false,,,7,7200.0,30000.0,high,true,,,5,1,3600.0,9000.0,true,118,9,0.0763,0.0406,"
                + "0.1386,false,,,0.5714,4,3,true,,,,,,,2026-03-31T23:00:00Z",
                lines.get(1));
        // quoted (comma, quotes) and prefixed so that a spreadsheet does not run it
        assertEquals("\"'=HYPERLINK(\"\"x\"\"), payments\",0,0.0,0,,,,true,,,0,,,,,true,,,change_failure,0,0,0,0,,,,,true,,,0,,,,true,,,"
                + "0,0,,,true,0,0,,,,true,,,,,,false,,,,,,,",
                lines.get(2));
    }

    @Test
    void jsonIsPreferredWhenAskedFirstOrByWildcard() {
        stub(INTERNAL_BREAKDOWN, Fixtures.BREAKDOWN);
        window().queryParam("by", "env").header("Accept", "application/json, text/csv").when().get(BREAKDOWN)
                .then().statusCode(200).contentType("application/json");
        window().queryParam("by", "env").header("Accept", "*/*").when().get(BREAKDOWN)
                .then().statusCode(200).contentType("application/json");
    }

    @Test
    void csvOfTheSummaryIsNotAcceptable() {
        window().accept("text/csv").when().get(METRICS)
                .then().statusCode(406)
                .contentType(PROBLEM_JSON);
        verifyNoBackendCall();
    }

    @Test
    void breakdownWithoutByIs400NamingIt() {
        window().when().get(BREAKDOWN)
                .then().statusCode(400)
                .body("errors.by", equalTo("is required: one of service, team, env"));
        verifyNoBackendCall();
    }

    @ParameterizedTest
    @CsvSource({"region,", "service,0", "service,1001", "service,-1", "service,ten", "service,2.5", "service,99999999999"})
    void unknownByOrBadLimitIs400NamingIt(String by, String limit) {
        RequestSpecification spec = window().queryParam("by", by);
        if (limit != null) {
            spec.queryParam("limit", limit);
        }
        spec.when().get(BREAKDOWN)
                .then().statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("errors", aMapWithSize(1))
                .body("errors." + (limit == null ? "by" : "limit"), limit == null
                        ? equalTo("'region' is not one of service, team, env")
                        : equalTo("'" + limit + "' is not a whole number from 1 to 1000"));
        verifyNoBackendCall();
    }

    @Test
    void everyOffendingParameterIsNamedAtOnce() {
        asViewer().queryParam("from", "2026-04-01").queryParam("to", "2026-03-01")
                .queryParam("by", "planet").queryParam("limit", "0").queryParam("benchmark", "dora-1999")
                .when().get(BREAKDOWN)
                .then().statusCode(400)
                .body("detail", equalTo("invalid query parameters: from, by, limit, benchmark"))
                .body("errors", aMapWithSize(4))
                .body("errors.from", equalTo("must be before to"));
        verifyNoBackendCall();
    }

    // ------------------------------------------------------------------ benchmark

    @Test
    void benchmarkIsForwarded() {
        stub(INTERNAL_SUMMARY, Fixtures.EMPTY_SUMMARY);
        window().queryParam("benchmark", "dora-2021").when().get(METRICS)
                .then().statusCode(200)
                .body("benchmark", equalTo("dora-2021"))
                .body("changeLeadTime.level", nullValue())
                .body("dataAsOf", nullValue());
        wireMock.verify(1, getRequestedFor(urlPathEqualTo(INTERNAL_SUMMARY)).withQueryParam("benchmark", WireMock.equalTo("dora-2021")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dora-2024", "DORA-2023", "elite"})
    void unknownBenchmarkIs400NamingTheKnownOnes(String benchmark) {
        for (String path : List.of(METRICS, TIMESERIES + "?interval=day", BREAKDOWN + "?by=team")) {
            window().queryParam("benchmark", benchmark).when().get(path)
                    .then().statusCode(400)
                    .body("errors.benchmark", equalTo("'" + benchmark + "' is not one of dora-2025, dora-2023, dora-2021"));
        }
        verifyNoBackendCall();
    }

    // ------------------------------------------------------------------ dora-2025: comparison groups, scores

    @Test
    void theComparisonGroupIsForwardedWithABenchmarkWithScores() {
        stub(INTERNAL_SUMMARY, Fixtures.SCORED_SUMMARY);
        window().queryParam("benchmark", "dora-2025").queryParam("orgSize", " fewer_than_100 ").when().get(METRICS)
                .then().statusCode(200)
                .body("changeLeadTime.level", nullValue())
                .body("changeLeadTime.score", equalTo(8.0f))
                .body("changeLeadTime.position.group", equalTo("fewer_than_100"))
                .body("reworkRate.score", nullValue())
                .body("profile.stability.partial", equalTo(true));
        wireMock.verify(1, getRequestedFor(urlPathEqualTo(INTERNAL_SUMMARY))
                .withQueryParam("benchmark", WireMock.equalTo("dora-2025"))
                .withQueryParam("orgSize", WireMock.equalTo("fewer_than_100"))
                .withoutQueryParam("industry"));
        // no group named: every industry, passed on explicitly
        window().queryParam("benchmark", "dora-2025").queryParam("team", "web").when().get(METRICS).then().statusCode(200);
        wireMock.verify(1, getRequestedFor(urlPathEqualTo(INTERNAL_SUMMARY))
                .withQueryParam("industry", WireMock.equalTo("all")).withoutQueryParam("orgSize"));
        // and no group under a benchmark without scores
        window().queryParam("team", "ops").queryParam("benchmark", "dora-2023").when().get(METRICS).then().statusCode(200);
        wireMock.verify(1, getRequestedFor(urlPathEqualTo(INTERNAL_SUMMARY)).withQueryParam("team", WireMock.equalTo("ops"))
                .withoutQueryParam("industry").withoutQueryParam("orgSize"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "benchmark=dora-2023&industry=technology|industry|only with a benchmark with scores (benchmark=dora-2025); dora-2023 has none",
        "benchmark=dora-2021&orgSize=solo|orgSize|only with a benchmark with scores (benchmark=dora-2025); dora-2021 has none",
        "benchmark=dora-2025&industry=banking|industry|'banking' is not one of all, consumer, media_entertainment, non_profit, "
                + "technology, telecommunications, other, education, financial_services, healthcare_pharmaceuticals, energy, "
                + "government, insurance, industrials_manufacturing",
        "benchmark=dora-2025&orgSize=huge|orgSize|'huge' is not one of all, solo, fewer_than_10, fewer_than_100, fewer_than_500, "
                + "fewer_than_1000, fewer_than_5000, fewer_than_10000, more_than_9999",
        "benchmark=dora-2025&industry=all&orgSize=all|orgSize|not with industry: one comparison group, industry=<key> or orgSize=<key>",
    })
    void aBadComparisonGroupIs400NamingTheChoicesBeforeAnyBackendCall(String query, String parameter, String message) {
        for (String path : List.of(METRICS + "?", TIMESERIES + "?interval=day&", BREAKDOWN + "?by=team&")) {
            window().when().get(path + query)
                    .then().statusCode(400)
                    .contentType(PROBLEM_JSON)
                    .body("errors." + parameter, equalTo(message));
        }
        verifyNoBackendCall();
    }

    /** One header whatever the benchmark: the scores fill their columns, levels are empty. */
    @Test
    void scoredTimeseriesAsCsvKeepsTheHeaderAndFillsScoresAndPercentiles() {
        stub(INTERNAL_TIMESERIES, Fixtures.SCORED_TIMESERIES);
        String csv = window().queryParam("interval", "month").queryParam("benchmark", "dora-2025").accept("text/csv")
                .when().get(TIMESERIES).then().statusCode(200).contentType(startsWith("text/csv")).extract().asString();
        List<String> lines = List.of(csv.split("\r\n"));
        assertEquals(MetricsCsv.timeseriesHeader().trim(), lines.get(0));
        List<String> header = List.of(lines.get(0).split(",", -1));
        List<String> row = List.of(lines.get(1).split(",", -1));
        assertEquals(header.size(), row.size(), lines.get(1));
        java.util.function.Function<String, String> cell = name -> row.get(header.indexOf(name));
        assertEquals("", cell.apply("deploymentFrequency.level"));
        assertEquals("false", cell.apply("deploymentFrequency.lowSample"));
        assertEquals("8.0", cell.apply("deploymentFrequency.score"));
        assertEquals("0.894", cell.apply("deploymentFrequency.percentile"));
        assertEquals("9.5", cell.apply("changeFailureRate.score"));
        assertEquals("true", cell.apply("failedDeploymentRecoveryTime.lowSample"));
        assertEquals("true", cell.apply("timeToRestore.lowSample"));
        assertEquals("", cell.apply("reworkRate.score"));
        assertEquals("", cell.apply("reworkRate.percentile"));
        assertEquals("8.0", cell.apply("profile.throughput"));
        assertEquals("0.8159", cell.apply("profile.throughput.percentile"));
        assertEquals("8.375", cell.apply("profile.performanceAverage"));
        assertEquals("0.9032", cell.apply("profile.performanceAverage.percentile"));
        assertEquals("", cell.apply("dataAsOf"));
    }

    @Test
    void theBenchmarksAreServedFromTheOneDefinitionWithoutABackend() {
        asViewer().when().get("/api/v1/metrics/benchmarks")
                .then().statusCode(200)
                .contentType("application/json")
                .body("default", equalTo("dora-2025"))
                .body("benchmarks.name", equalTo(List.of("dora-2025", "dora-2023", "dora-2021")))
                .body("benchmarks[1].edition", equalTo("2023"))
                .body("benchmarks[1].levels", equalTo(true))
                .body("benchmarks[1].scores", equalTo(false))
                .body("benchmarks[1].groups", aMapWithSize(0))
                .body("benchmarks[0].levels", equalTo(false))
                .body("benchmarks[0].scores", equalTo(true))
                .body("benchmarks[0].groups.industry[0]", equalTo("all"))
                .body("benchmarks[0].groups.industry", org.hamcrest.Matchers.hasItem("financial_services"))
                .body("benchmarks[0].groups.orgSize", org.hamcrest.Matchers.hasItems("all", "solo", "more_than_9999"));
        verifyNoBackendCall();
    }

    // ------------------------------------------------------------------ ETag, Cache-Control, cache

    @Test
    void metricsCarryAnETagOfTheBodyAndCacheControl() {
        stub(INTERNAL_SUMMARY, Fixtures.SUMMARY);
        String etag = window().when().get(METRICS)
                .then().statusCode(200)
                .header("Cache-Control", "private, max-age=10")
                .header("ETag", matchesPattern("\"[0-9a-f]{32}\""))
                .extract().header("ETag");
        assertEquals(io.dorastream.gateway.cache.ETags.of(Fixtures.SUMMARY), etag);
    }

    @Test
    void ifNoneMatchWithTheCurrentETagIs304() {
        stub(INTERNAL_SUMMARY, Fixtures.SUMMARY);
        String etag = window().when().get(METRICS).then().statusCode(200).extract().header("ETag");

        window().header("If-None-Match", etag).when().get(METRICS)
                .then().statusCode(304)
                .header("ETag", etag)
                .header("Cache-Control", "private, max-age=10")
                .body(equalTo(""));
        window().header("If-None-Match", "\"other\", W/" + etag).when().get(METRICS).then().statusCode(304);
        window().header("If-None-Match", "\"other\"").when().get(METRICS).then().statusCode(200).header("ETag", etag);
    }

    @Test
    void csvAndJsonHaveTheirOwnETags() {
        stub(INTERNAL_TIMESERIES, Fixtures.TIMESERIES);
        String json = window().queryParam("interval", "day").when().get(TIMESERIES).then().statusCode(200).extract().header("ETag");
        String csv = window().queryParam("interval", "day").accept("text/csv").when().get(TIMESERIES)
                .then().statusCode(200).header("Vary", containsString("Accept")).extract().header("ETag");
        assertNotEquals(json, csv);
        window().queryParam("interval", "day").accept("text/csv").header("If-None-Match", csv).when().get(TIMESERIES)
                .then().statusCode(304);
        window().queryParam("interval", "day").header("If-None-Match", csv).when().get(TIMESERIES)
                .then().statusCode(200);
    }

    @Test
    void theSameQuerySpelledDifferentlyIsAnsweredFromTheCache() {
        stub(INTERNAL_SUMMARY, Fixtures.SUMMARY);
        asViewer().queryParam("from", "2026-03-01").queryParam("to", "2026-04-01")
                .queryParam("service", "payments", "checkout", "checkout").queryParam("env", " ", "prod")
                .when().get(METRICS).then().statusCode(200);
        // other order, duplicates, blanks, instants instead of dates, explicit default benchmark and group, another token
        asAdmin().queryParam("from", "2026-03-01T00:00:00Z").queryParam("to", "2026-04-01T02:00:00+02:00")
                .queryParam("env", "prod", "").queryParam("service", " checkout ", "payments").queryParam("benchmark", "dora-2025")
                .queryParam("industry", " all ")
                .when().get(METRICS).then().statusCode(200).body(equalTo(Fixtures.SUMMARY));

        wireMock.verify(1, getRequestedFor(urlPathEqualTo(INTERNAL_SUMMARY))
                .withQueryParam("service", havingExactly("checkout", "payments"))
                .withQueryParam("env", havingExactly("prod")));
    }

    @Test
    void anotherQueryIsNotAnsweredFromTheCache() {
        stub(INTERNAL_SUMMARY, Fixtures.SUMMARY);
        window().queryParam("team", "core").when().get(METRICS).then().statusCode(200);
        window().queryParam("team", "ops").queryParam("benchmark", "dora-2023").when().get(METRICS).then().statusCode(200);
        window().queryParam("team", "ops").queryParam("benchmark", "dora-2021").when().get(METRICS).then().statusCode(200);
        wireMock.verify(3, getRequestedFor(urlPathEqualTo(INTERNAL_SUMMARY)));
    }

    @Test
    void problemsAreNotCached() {
        wireMock.stubFor(get(urlPathEqualTo(INTERNAL_SUMMARY)).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", PROBLEM_JSON)
                .withBody("{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,\"errors\":{\"connection\":\"unknown\"}}")));
        window().queryParam("connection", "x").when().get(METRICS).then().statusCode(400).header("ETag", nullValue());
        window().queryParam("connection", "x").when().get(METRICS).then().statusCode(400);
        wireMock.verify(2, getRequestedFor(urlPathEqualTo(INTERNAL_SUMMARY)));
    }
}
