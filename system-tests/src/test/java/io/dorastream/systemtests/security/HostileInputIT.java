package io.dorastream.systemtests.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.dorastream.devstack.run.LocalStack;
import io.dorastream.devstack.simulator.DatasetSpec;
import io.dorastream.events.DoraJson;
import io.dorastream.systemtests.Stacks;
import io.dorastream.systemtests.security.RawHttp.Reply;

/**
 * Hostile input and authorization through the real system (the packaged services as processes):
 * <ul>
 * <li>the bad-input corpus: every public endpoint fed control characters, malformed escapes, raw
 * {@code | { } "} and DEL, wrong JSON types, numbers out of range, oversized lines and headers,
 * {@code Content-Length} with chunked encoding… No answer is a 5xx, every 4xx is a problem document —
 * except the few refusals Vert.x makes while decoding a request, before any route (marked
 * {@code httpLayer}; the README names them): those must be a 4xx; every service is healthy afterwards;
 * no answer echoes a key. The same framework refusals are tried on the connector's and the
 * aggregator's internal APIs. It prints the inputs tried per endpoint and the status histogram.</li>
 * <li>the authorization matrix: every endpoint × {no token, wrong token, viewer, admin, the internal
 * token on public routes, public tokens on internal routes}.</li>
 * </ul>
 */
class HostileInputIT {

    private static final String ADMIN = "it-hostile-admin-token";
    private static final String VIEWER = "it-hostile-viewer-token";
    /** Put in every key the corpus sends: no answer may contain it. */
    private static final String MARK = "K3YMARK";
    private static final String WINDOW = "from=2026-01-01&to=2026-02-01";
    private static final String NO_ID = UUID.randomUUID().toString();

    private static LocalStack stack;
    private static String internalToken;
    private static String demoId;

    /** One hostile request: which endpoint it aims at, the bytes, and whether Vert.x refuses it before any route. */
    record Case(String endpoint, byte[] request, boolean httpLayer, String what) {
    }

    @BeforeAll
    static void start() throws IOException {
        Map<String, String> gateway = new LinkedHashMap<>();
        gateway.put("dorastream.auth.tokens.it-viewer.sha256", sha256(VIEWER));
        gateway.put("dorastream.auth.tokens.it-viewer.role", "viewer");
        gateway.put("dorastream.rate-limit.requests-per-second", "10000");
        gateway.put("dorastream.rate-limit.burst", "10000");
        // the corpus and the authorization matrix send hundreds of wrong tokens, all from 127.0.0.1
        gateway.put("dorastream.auth.failed-limit", "100000");
        LocalStack.Options options = Stacks.options("hostile", ADMIN,
                DatasetSpec.demo().withSeed(41).withServices(2).withMonthsBack(1)).withGatewaySettings(gateway);
        stack = LocalStack.start(options);
        Properties secrets = new Properties();
        try (Reader r = Files.newBufferedReader(options.dataDir().resolve("secrets.properties"))) {
            secrets.load(r);
        }
        internalToken = secrets.getProperty("internal-token");
        demoId = stack.demoConnectionId();
    }

    @AfterAll
    static void stop() {
        Stacks.stop(stack);
    }

    // ------------------------------------------------------------------ the corpus

    @Test
    void noHostileInputGetsA5xxAndEveryRefusalIsAProblem() throws IOException {
        List<Case> corpus = new ArrayList<>();
        corpus.addAll(queryCases());
        corpus.addAll(pathCases());
        corpus.addAll(bodyCases());
        corpus.addAll(headerAndFramingCases());
        int gateway = stack.gatewayUri().getPort();
        List<String> failures = run(gateway, corpus);

        List<Case> internal = internalCases();
        failures.addAll(run(port("connector-service"), internal.stream().filter(c -> c.endpoint().startsWith("connector")).toList()));
        failures.addAll(run(port("aggregator-service"), internal.stream().filter(c -> c.endpoint().startsWith("aggregator")).toList()));

        for (String service : List.of("api-gateway", "connector-service", "aggregator-service")) {
            URI live = stack.services().get(service).managementUri().resolve("/q/health/live");
            Reply r = RawHttp.exchange(live.getPort(), RawHttp.request("GET", "/q/health/live", null));
            assertEquals(200, r.status(), service + " healthy after the corpus: " + r.body());
        }
        assertTrue(failures.isEmpty(), failures.size() + " hostile inputs were answered wrongly:\n" + String.join("\n", failures));
    }

    private static List<String> run(int port, List<Case> cases) throws IOException {
        Map<String, Integer> perEndpoint = new TreeMap<>();
        Map<Integer, Integer> histogram = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        for (Case c : cases) {
            Reply r = RawHttp.exchange(port, c.request());
            perEndpoint.merge(c.endpoint(), 1, Integer::sum);
            histogram.merge(r.status(), 1, Integer::sum);
            String problem = judge(c, r);
            if (problem != null) {
                failures.add(c.endpoint() + " / " + c.what() + ": " + problem + " (" + r.status() + " " + r.contentType() + " "
                        + r.body().substring(0, Math.min(200, r.body().length())) + ")");
            }
        }
        System.out.println("[hostile] port " + port + ": " + cases.size() + " inputs");
        perEndpoint.forEach((e, n) -> System.out.printf("[hostile]   %-48s %4d inputs%n", e, n));
        System.out.println("[hostile]   status histogram: " + histogram);
        return failures;
    }

    /** Null when the answer is right for the case, else what is wrong with it. */
    private static String judge(Case c, Reply r) {
        if (r.status() >= 500) {
            return "a 5xx";
        }
        if (r.body().contains(MARK)) {
            return "the answer echoes a key";
        }
        if (r.status() < 400) {
            return null;
        }
        if (c.httpLayer()) {
            return null; // refused by Vert.x while decoding, before any route: a 4xx is all it can be
        }
        if (!r.isProblem()) {
            return "a " + r.status() + " that is not application/problem+json";
        }
        try {
            JsonNode doc = DoraJson.mapper().readTree(r.body());
            if (doc.path("status").asInt() != r.status() || !doc.path("title").isTextual() || !doc.path("type").isTextual()) {
                return "a problem document without its type, title or matching status";
            }
        } catch (IOException e) {
            return "a problem document that is not JSON";
        }
        return null;
    }

    private static final List<String> QUERY_ENDPOINTS = List.of("/api/v1/metrics/dora", "/api/v1/metrics/dora/timeseries",
            "/api/v1/metrics/dora/breakdown", "/api/v1/deployments", "/api/v1/incidents");

    /** Hostile values, percent-encoded as a client would send them. */
    private static final List<String> ENCODED_VALUES = List.of("a%00b", "%00", "x%01", "%7F", "lone%0D", "%0A", "%C2%85",
            "%E2%80%8B", "%FF%FE", "1e400", "1180591620717411303424", "-1", "%27%3B--", "%3Cscript%3E", "..%2F..%2F",
            "a".repeat(300));
    /** Hostile values written raw into the request target: the services' URI check refuses them. */
    private static final List<String> RAW_VALUES = List.of("%zz", "%", "%4", "a|b", "{x}", "\"q\"", "a\u007fb");

    private static List<Case> queryCases() {
        List<Case> cases = new ArrayList<>();
        for (String path : QUERY_ENDPOINTS) {
            String base = path + "?" + WINDOW + "&interval=day&by=service";
            for (String param : List.of("service", "env", "team", "connection", "from", "to", "limit", "cursor", "benchmark",
                    "interval", "by", "failed")) {
                for (String v : ENCODED_VALUES) {
                    cases.add(get(path, base + "&" + param + "=" + v, param + "=" + v));
                }
                for (String v : RAW_VALUES) {
                    cases.add(get(path, base + "&" + param + "=" + v, param + " raw " + v));
                }
                // a raw space splits the request line: Vert.x refuses it as malformed while decoding
                cases.add(get(path, base + "&" + param + "=a b", param + " raw space", true));
            }
            cases.add(get(path, path + "?" + WINDOW + "&service=" + "s,".repeat(150), "150 values in one"));
            StringBuilder many = new StringBuilder(path + "?" + WINDOW);
            for (int i = 0; i < 101; i++) {
                many.append("&team=t").append(i);
            }
            cases.add(get(path, many.toString(), "101 team values"));
            cases.add(get(path, path + "?" + WINDOW + "&from=2026-01-01", "from twice"));
            cases.add(get(path, path + "?from=2026-02-01&to=2026-01-01", "to before from"));
            cases.add(get(path, path + "?from=0000-01-01&to=9999-12-31", "a window of millennia"));
            cases.add(get(path, path + "?" + "x=" + "a".repeat(5000), "a query string over 4 KiB", true));
        }
        return cases;
    }

    private static List<Case> pathCases() {
        List<Case> cases = new ArrayList<>();
        for (String suffix : List.of("", "/sync")) {
            String endpoint = "GET /api/v1/connections/{id}" + suffix;
            for (String id : List.of("%zz", "%00", "a|b", "{id}", "\"x\"", "..%2F..%2Finternal%2Fconnections", "..", "%2e%2e",
                    "1-1-1-1-1", NO_ID.toUpperCase(), "x".repeat(3000), NO_ID + "%00", "%C0%AE")) {
                cases.add(new Case(endpoint, RawHttp.request("GET", "/api/v1/connections/" + id + suffix, null, bearer(ADMIN)),
                        false, "id " + id));
            }
        }
        for (String target : List.of("/api/v1/conn|ections", "/api/v1/{x}", "/api/v1/\"x\"", "/api/v1/%", "/api/v1/a\u007fb",
                "/api/v1//connections", "/api/v1/connections/", "/internal/connections", "/q/metrics", "/q/health", "*",
                "http://evil.example/api/v1/status", "/api/v1/status#frag", "/api/v1/status?%")) {
            cases.add(new Case("other targets", RawHttp.request("GET", target, null, bearer(ADMIN)), false, target));
        }
        for (String method : List.of("PUT", "TRACE", "OPTIONS", "FOO", "CONNECT")) {
            cases.add(new Case("other methods", RawHttp.request(method, "/api/v1/status", null, bearer(ADMIN)), false, method));
        }
        return cases;
    }

    /** Bodies of the three endpoints that take one, the cases first. */
    private static List<Case> bodyCases() {
        List<String> bodies = List.of(
                "{\"paused\":\"maybe\"}", "{\"backfillDays\":\"a word\"}", "{\"backfillDays\":1e400}",
                "{\"backfillDays\":1180591620717411303424}", "{\"pollIntervalSeconds\":-1e400}", "{\"name\":{\"a\":1}}",
                "{\"name\":[\"a\"]}", "{\"site\":[\"datadoghq.com\"]}", "{\"name\":\"a\\u0000b\"}",
                key("\\u0001"), key("\\u007f"), key("\\u0000"), key("\\r"), key("\\n"), key("\\u0085"),
                "{\"name\":\"acme\",\"site\":\"datadoghq.com\\u0000\",\"apiKey\":\"" + MARK + "\",\"appKey\":\"" + MARK + "\"}",
                "{\"name\":\"acme\",\"site\":\"evil.example|x\",\"apiKey\":\"" + MARK + "\",\"appKey\":\"" + MARK + "\"}",
                "{\"name\":\"a\\uZZ\"}", "{\"name\":\"\\ud800\"}", "{\"name\":", "not json", "[]", "[1,2]", "\"text\"", "42",
                "null", "", "{}", "{\"from\":1e400}", "{\"from\":\"\\u0000\"}", "{\"to\":\"2026-13-45\"}",
                "{\"from\":\"2026-01-01\",\"to\":\"2025-01-01\"}", "{\"from\":[\"2026-01-01\"]}",
                "[".repeat(3000) + "]".repeat(3000), "{\"a\":" + "9".repeat(5000) + "}",
                "{\"name\":\"" + "n".repeat(300) + "\",\"apiKey\":\"" + MARK + "\"}", "{\"paused\":true,\"paused\":\"no\"}");
        List<Case> cases = new ArrayList<>();
        for (String body : bodies) {
            cases.add(new Case("POST /api/v1/connections", json("POST", "/api/v1/connections", body), false, body));
            cases.add(new Case("PATCH /api/v1/connections/{id}", json("PATCH", "/api/v1/connections/" + NO_ID, body), false, body));
            cases.add(new Case("POST /api/v1/connections/{id}/sync", json("POST", "/api/v1/connections/" + NO_ID + "/sync", body),
                    false, body));
        }
        for (String purge : List.of("yes", "1", "TRUE", "no", "%00", "true%00", "true&purge=false", "maybe")) {
            cases.add(new Case("DELETE /api/v1/connections/{id}",
                    RawHttp.request("DELETE", "/api/v1/connections/" + NO_ID + "?purge=" + purge, null, bearer(ADMIN)), false,
                    "purge=" + purge));
        }
        cases.add(new Case("POST /api/v1/connections", RawHttp.request("POST", "/api/v1/connections", "hi", bearer(ADMIN),
                "Content-Type: text/plain"), false, "text/plain body"));
        cases.add(new Case("POST /api/v1/connections", RawHttp.request("POST", "/api/v1/connections", "{}", bearer(ADMIN),
                "Content-Type: application/json; charset=ebcdic"), false, "unknown charset"));
        cases.add(new Case("POST /api/v1/connections", RawHttp.request("POST", "/api/v1/connections",
                "{\"name\":\"" + "x".repeat(70_000) + "\"}", bearer(ADMIN), "Content-Type: application/json"), false, "70 KB body"));
        for (String idempotencyKey : List.of("k".repeat(300), "caf\u00e9")) {
            cases.add(new Case("POST /api/v1/connections", RawHttp.request("POST", "/api/v1/connections", key(""), bearer(ADMIN),
                    "Content-Type: application/json", "Idempotency-Key: " + idempotencyKey), false,
                    "Idempotency-Key " + idempotencyKey.substring(0, Math.min(8, idempotencyKey.length()))));
        }
        return cases;
    }

    private static List<Case> headerAndFramingCases() {
        List<Case> cases = new ArrayList<>();
        String status = "GET /api/v1/status";
        cases.add(new Case(status, RawHttp.request("GET", "/api/v1/status", null, "Authorization: Bearer ab\u0001c"), true,
                "a token with a control character"));
        cases.add(new Case(status, RawHttp.request("GET", "/api/v1/status", null, "Authorization: Bearer ab\u007fc"), true,
                "a token with DEL"));
        cases.add(new Case(status, RawHttp.request("GET", "/api/v1/status", null, "Authorization: Bearer ab\u0085c"), false,
                "a token with a C1 control character (a raw byte 0x85)"));
        cases.add(new Case(status, RawHttp.request("GET", "/api/v1/status", null, "Authorization: Bearer " + "t".repeat(8000)),
                false, "an 8 KB token"));
        cases.add(new Case(status, RawHttp.request("GET", "/api/v1/status", null, "Authorization: Bearer"), false, "Bearer alone"));
        cases.add(new Case(status, RawHttp.request("GET", "/api/v1/status", null, "Authorization: Basic " + ADMIN), false,
                "Basic"));
        cases.add(new Case(status, RawHttp.request("GET", "/api/v1/status", null, bearer(ADMIN), "X-Big: " + "a".repeat(65_536)),
                true, "a 64 KiB header"));
        cases.add(new Case(status, RawHttp.request("GET", "/api/v1/status", null, bearer(ADMIN), "Host: a|b"), false,
                "a Host header with a pipe"));
        cases.add(new Case(status, RawHttp.request("GET", "/api/v1/status", null, bearer(ADMIN), "Accept: image/png"), false,
                "Accept image/png"));
        cases.add(new Case("POST /api/v1/connections", ("POST /api/v1/connections HTTP/1.1\r\nHost: localhost\r\n" + bearer(ADMIN)
                + "\r\nContent-Type: application/json\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                + "0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1), true, "Content-Length with chunked"));
        cases.add(new Case("malformed request lines", "GET  /x  HTTP/1.1 junk\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1),
                true, "extra spaces and junk"));
        cases.add(new Case("malformed request lines", "GET /api/v1/status HTTP/9.9\r\nHost: x\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1), true, "HTTP/9.9"));
        cases.add(new Case("malformed request lines", ("GET /api/v1/" + "a".repeat(5000) + " HTTP/1.1\r\nHost: x\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1), true, "a request line over 4 KiB"));
        return cases;
    }

    /** The framework refusals on each backend's internal API (with the service token: past its guard). */
    private static List<Case> internalCases() {
        List<Case> cases = new ArrayList<>();
        String token = bearer(internalToken);
        for (String target : List.of("/internal/connections/%zz", "/internal/conn|ections", "/internal/nothing",
                "/internal/connections?x=%", "/internal/connections/not-a-uuid")) {
            cases.add(new Case("connector " + target, RawHttp.request("GET", target, null, token), false, target));
        }
        for (String body : List.of("{\"paused\":\"maybe\"}", "{\"pollIntervalSeconds\":1e400}", "{\"name\":[1]}",
                "{\"name\":\"a\\u0000b\"}", "{\"apiKey\":\"" + MARK + "\\u0001\"}", "{\"name\":")) {
            cases.add(new Case("connector PATCH /internal/connections/{id}", RawHttp.request("PATCH", "/internal/connections/" + NO_ID,
                    body, token, "Content-Type: application/json"), false, body));
        }
        cases.add(new Case("connector DELETE /internal/connections/{id}", RawHttp.request("DELETE",
                "/internal/connections/" + NO_ID + "?purge=yes", null, token), false, "purge=yes"));
        cases.add(new Case("connector PUT", RawHttp.request("PUT", "/internal/connections", "{}", token,
                "Content-Type: application/json"), false, "PUT"));
        for (String target : List.of("/internal/metrics/summary?from=%zz", "/internal/metrics/sum|mary",
                "/internal/metrics/summary?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z&service=a%00b",
                "/internal/events/deployments?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z&cursor=%00",
                "/internal/nothing")) {
            cases.add(new Case("aggregator " + target, RawHttp.request("GET", target, null, token), false, target));
        }
        cases.add(new Case("aggregator DELETE", RawHttp.request("DELETE", "/internal/metrics/summary", null, token), false,
                "DELETE"));
        return cases;
    }

    // ------------------------------------------------------------------ the authorization matrix

    /** A public endpoint, the role it needs, and a request that does no harm when it is let through. */
    record Route(String method, String target, String body, boolean write) {
        @Override
        public String toString() {
            return method + " " + target.replaceAll("[0-9a-f]{8}-[0-9a-f-]{27}", "{id}").replaceAll("\\?.*", "");
        }
    }

    @Test
    void everyEndpointRefusesWhoMayNotCallIt() throws IOException {
        String one = "/api/v1/connections/" + demoId;
        List<Route> routes = List.of(
                new Route("POST", "/api/v1/connections", "{\"name\":\"matrix\"}", true), // 400 once let through: no Datadog call
                new Route("GET", "/api/v1/connections", null, false),
                new Route("GET", one, null, false),
                new Route("PATCH", one, "{\"pollIntervalSeconds\":1}", true), // 400 once let through: nothing changes
                new Route("DELETE", "/api/v1/connections/" + NO_ID + "?purge=true", null, true), // 404 once let through
                new Route("GET", one + "/sync", null, false),
                new Route("POST", "/api/v1/connections/" + NO_ID + "/sync", "{}", true), // 404 once let through
                new Route("GET", "/api/v1/metrics/dora?" + WINDOW, null, false),
                new Route("GET", "/api/v1/metrics/dora/timeseries?" + WINDOW + "&interval=week", null, false),
                new Route("GET", "/api/v1/metrics/dora/breakdown?" + WINDOW + "&by=team", null, false),
                new Route("GET", "/api/v1/deployments?" + WINDOW, null, false),
                new Route("GET", "/api/v1/incidents?" + WINDOW, null, false),
                new Route("GET", "/api/v1/status", null, false));
        int gateway = stack.gatewayUri().getPort();
        JsonNode before = connection(gateway, one);
        List<String> wrong = new ArrayList<>();
        System.out.printf("[matrix] %-44s %-8s %-8s %-8s %-8s %-8s%n", "endpoint", "none", "wrong", "viewer", "admin", "internal");
        for (Route r : routes) {
            Map<String, Integer> row = new LinkedHashMap<>();
            row.put("none", call(gateway, r, null));
            row.put("wrong", call(gateway, r, bearer("not-a-token-" + UUID.randomUUID())));
            row.put("viewer", call(gateway, r, bearer(VIEWER)));
            row.put("admin", call(gateway, r, bearer(ADMIN)));
            row.put("internal", call(gateway, r, bearer(internalToken)));
            System.out.printf("[matrix] %-44s %-8d %-8d %-8d %-8d %-8d%n", r, row.get("none"), row.get("wrong"), row.get("viewer"),
                    row.get("admin"), row.get("internal"));
            expect(wrong, r + " without a token", row.get("none"), 401);
            expect(wrong, r + " with a wrong token", row.get("wrong"), 401);
            expect(wrong, r + " with the internal token", row.get("internal"), 401);
            if (r.write()) {
                expect(wrong, r + " as a viewer", row.get("viewer"), 403);
            } else {
                allowed(wrong, r + " as a viewer", row.get("viewer"));
            }
            allowed(wrong, r + " as an admin", row.get("admin"));
        }

        // the public tokens on the backends' internal routes; the service token passes their guard
        List<String[]> internal = List.of(
                new String[] { "connector-service", "GET", "/internal/connections" },
                new String[] { "connector-service", "POST", "/internal/connections" },
                new String[] { "connector-service", "GET", "/internal/connections/" + demoId },
                new String[] { "connector-service", "PATCH", "/internal/connections/" + demoId },
                new String[] { "connector-service", "DELETE", "/internal/connections/" + demoId },
                new String[] { "connector-service", "GET", "/internal/connections/" + demoId + "/sync" },
                new String[] { "connector-service", "POST", "/internal/connections/" + demoId + "/sync" },
                new String[] { "connector-service", "GET", "/internal/sync" },
                new String[] { "aggregator-service", "GET", "/internal/metrics/summary" },
                new String[] { "aggregator-service", "GET", "/internal/metrics/timeseries" },
                new String[] { "aggregator-service", "GET", "/internal/metrics/breakdown" },
                new String[] { "aggregator-service", "GET", "/internal/events/deployments" },
                new String[] { "aggregator-service", "GET", "/internal/events/incidents" },
                new String[] { "aggregator-service", "POST", "/internal/admin/rebuild" });
        for (String[] i : internal) {
            int port = port(i[0]);
            String body = i[1].equals("GET") || i[1].equals("DELETE") ? null : "{}";
            for (String token : List.of(ADMIN, VIEWER)) {
                Reply r = RawHttp.exchange(port, RawHttp.request(i[1], i[2], body, bearer(token), "Content-Type: application/json"));
                System.out.printf("[matrix] %-18s %-6s %-60s public token: %d%n", i[0], i[1], i[2], r.status());
                expect(wrong, i[0] + " " + i[1] + " " + i[2] + " with a public token", r.status(), 401);
            }
            Reply none = RawHttp.exchange(port, RawHttp.request(i[1], i[2], body, "Content-Type: application/json"));
            expect(wrong, i[0] + " " + i[1] + " " + i[2] + " without a token", none.status(), 401);
            if (i[1].equals("GET")) {
                Reply ok = RawHttp.exchange(port, RawHttp.request("GET", i[2], null, bearer(internalToken)));
                assertFalse(ok.status() == 401 || ok.status() >= 500, i[2] + " with the service token: " + ok.status());
            }
        }
        // no call the matrix made changed the demo connection
        assertEquals(before, connection(gateway, one));
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    /** The connection's settings (what a write could change), as a viewer reads them. */
    private static JsonNode connection(int gateway, String path) throws IOException {
        Reply r = RawHttp.exchange(gateway, RawHttp.request("GET", path, null, bearer(VIEWER)));
        assertEquals(200, r.status(), r.body());
        JsonNode c = DoraJson.mapper().readTree(r.body());
        return DoraJson.mapper().createObjectNode().put("name", c.path("name").asText()).put("query", c.path("query").asText())
                .put("pollIntervalSeconds", c.path("pollIntervalSeconds").asInt()).put("status", c.path("status").asText());
    }

    private static int call(int port, Route r, String authorization) throws IOException {
        List<String> headers = new ArrayList<>();
        if (authorization != null) {
            headers.add(authorization);
        }
        if (r.body() != null) {
            headers.add("Content-Type: application/json");
        }
        Reply reply = RawHttp.exchange(port, RawHttp.request(r.method(), r.target(), r.body(), headers.toArray(String[]::new)));
        if (reply.status() >= 400 && !reply.isProblem()) {
            return -reply.status(); // shown (and refused) as a non-problem
        }
        if (reply.status() == 401 && !reply.headers().getOrDefault("www-authenticate", "").startsWith("Bearer")) {
            return -401;
        }
        return reply.status();
    }

    private static void expect(List<String> wrong, String what, int status, int expected) {
        if (status != expected) {
            wrong.add(what + ": " + status + " instead of " + expected + (status < 0 ? " (not a problem document)" : ""));
        }
    }

    /** Let through: neither refused by the authorization (401, 403) nor failing, whatever the endpoint then answers. */
    private static void allowed(List<String> wrong, String what, int status) {
        if (status == 401 || status == 403 || status < 0 || status >= 500) {
            wrong.add(what + ": " + status + " (should be let through)");
        }
    }

    // ------------------------------------------------------------------ helpers

    private static Case get(String path, String target, String what) {
        return get(path, target, what, false);
    }

    private static Case get(String path, String target, String what, boolean httpLayer) {
        return new Case("GET " + path, RawHttp.request("GET", target, null, bearer(VIEWER)), httpLayer, what);
    }

    private static byte[] json(String method, String target, String body) {
        return RawHttp.request(method, target, body, bearer(ADMIN), "Content-Type: application/json");
    }

    /** A create body whose keys carry a control character (a JSON escape). */
    private static String key(String control) {
        return "{\"name\":\"acme\",\"site\":\"datadoghq.com\",\"apiKey\":\"" + MARK + control + "\",\"appKey\":\"" + MARK + control
                + "\"}";
    }

    private static String bearer(String token) {
        return "Authorization: Bearer " + token;
    }

    private static int port(String service) {
        return stack.services().get(service).baseUri().getPort();
    }

    private static String sha256(String s) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
