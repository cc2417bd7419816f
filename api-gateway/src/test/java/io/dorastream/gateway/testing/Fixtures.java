package io.dorastream.gateway.testing;

/** Backend answers shaped exactly as the internal contract says (docs: /work/internal-contract.md). */
public final class Fixtures {

    private Fixtures() {
    }

    public static final String CONNECTION_ID = "6f1c2a4e-3b7d-4c1e-9a2f-0d8e5b7c9a11";
    public static final String OTHER_CONNECTION_ID = "0b0e3b0e-8d4e-4f7a-9d55-3a1c2f1f2a10";

    /** The figures of one summary, point or item (without the braces). */
    public static String figures(int count, String dataAsOf) {
        return """
                "deploymentFrequency":{"count":%d,"perDay":1.3333,"deploymentDays":70,\
                "medianDeploymentDaysPerWeek":5.0,"medianDeploymentDaysPerMonth":23.0,"level":"elite","lowSample":false},\
                "changeLeadTime":{"n":110,"medianSeconds":8400.0,"p75Seconds":12000.0,"p90Seconds":30000.0,"level":"elite","lowSample":false,"approximate":true},\
                "changeFailureRate":{"method":"change_failure","deployments":120,"evaluated":118,"failed":7,\
                "pending":2,"rate":0.0593,"ci95":[0.029,0.1174],"level":"high","lowSample":false},\
                "failedDeploymentRecoveryTime":{"n":7,"medianSeconds":7200.0,"p90Seconds":30000.0,"level":"high","lowSample":true},\
                "timeToRestore":{"n":5,"open":1,"medianSeconds":3600.0,"p90Seconds":9000.0,"lowSample":true},\
                "reworkRate":{"known":118,"rework":9,"rate":0.0763,"ci95":[0.0406,0.1386],"lowSample":false},\
                "remediation":{"rollbackRate":0.5714,"byType":{"rollback":4,"rollforward":3}},\
                "dataAsOf":%s""".formatted(count, dataAsOf == null ? "null" : "\"" + dataAsOf + "\"");
    }

    /** Figures of a window without any data: nulls wherever no value exists. */
    public static String emptyFigures() {
        return """
                "deploymentFrequency":{"count":0,"perDay":0.0,"deploymentDays":0,\
                "medianDeploymentDaysPerWeek":null,"medianDeploymentDaysPerMonth":null,"level":null,"lowSample":true},\
                "changeLeadTime":{"n":0,"medianSeconds":null,"p75Seconds":null,"p90Seconds":null,"level":null,"lowSample":true},\
                "changeFailureRate":{"method":"change_failure","deployments":0,"evaluated":0,"failed":0,\
                "pending":0,"rate":null,"ci95":null,"level":null,"lowSample":true},\
                "failedDeploymentRecoveryTime":{"n":0,"medianSeconds":null,"p90Seconds":null,"level":null,"lowSample":true},\
                "timeToRestore":{"n":0,"open":0,"medianSeconds":null,"p90Seconds":null,"lowSample":true},\
                "reworkRate":{"known":0,"rework":0,"rate":null,"ci95":null,"lowSample":true},\
                "remediation":{"rollbackRate":null,"byType":{}},\
                "dataAsOf":null""";
    }

    private static String position(double z, double percentile) {
        return "{\"family\":\"orgSize\",\"group\":\"fewer_than_100\",\"edition\":\"2025\",\"z\":%s,\"percentile\":%s}"
                .formatted(z, percentile);
    }

    /** The figures of one summary, point or item under dora-2025 (orgSize=fewer_than_100): scores, positions, profile. */
    public static String scoredFigures(String dataAsOf) {
        return """
                "deploymentFrequency":{"count":40,"perDay":1.3333,"deploymentDays":25,\
                "medianDeploymentDaysPerWeek":5.0,"medianDeploymentDaysPerMonth":23.0,"level":null,"lowSample":false,\
                "score":8.0,"position":%s},\
                "changeLeadTime":{"n":38,"medianSeconds":8400.0,"p75Seconds":12000.0,"p90Seconds":30000.0,"level":null,\
                "lowSample":false,"score":8.0,"position":%s},\
                "changeFailureRate":{"method":"change_failure","deployments":40,"evaluated":40,"failed":2,\
                "pending":0,"rate":0.05,"ci95":[0.0138,0.1650],"level":null,"lowSample":false,"score":9.5,"position":%s},\
                "failedDeploymentRecoveryTime":{"n":2,"medianSeconds":7200.0,"p90Seconds":9000.0,"level":null,"lowSample":true,\
                "score":8.0,"position":%s},\
                "timeToRestore":{"n":0,"open":0,"medianSeconds":null,"p90Seconds":null,"lowSample":true},\
                "reworkRate":{"known":0,"rework":0,"rate":null,"ci95":null,"lowSample":true,"score":null,"position":null},\
                "remediation":{"rollbackRate":0.5,"byType":{"rollback":1,"rollforward":1}},\
                "profile":{"throughput":{"score":8.0,"partial":false,"lowSample":true,"position":%s},\
                "stability":{"score":9.5,"partial":true,"lowSample":true,"position":%s},\
                "performanceAverage":{"score":8.375,"partial":true,"lowSample":true,"position":%s}},\
                "dataAsOf":%s""".formatted(position(1.25, 0.894), position(0.96, 0.8315), position(0.7, 0.758),
                position(0.5, 0.6915), position(0.9, 0.8159), position(0.4, 0.6554), position(1.3, 0.9032),
                dataAsOf == null ? "null" : "\"" + dataAsOf + "\"");
    }

    public static final String SCORED_SUMMARY = """
            {"window":{"from":"2026-03-01T00:00:00Z","to":"2026-04-01T00:00:00Z","days":31.0},\
            "filters":{"connection":[],"service":[],"env":[],"team":[]},\
            "benchmark":"dora-2025",""" + scoredFigures("2026-03-31T23:00:00Z") + "}";

    public static final String SCORED_TIMESERIES = """
            {"interval":"month","points":[\
            {"start":"2026-03-01T00:00:00Z","end":"2026-04-01T00:00:00Z",""" + scoredFigures(null) + "}]}";

    public static final String SUMMARY = """
            {"window":{"from":"2026-03-01T00:00:00Z","to":"2026-04-01T00:00:00Z","days":31.0},\
            "filters":{"connection":[],"service":["checkout"],"env":["production"],"team":[]},\
            "benchmark":"dora-2023",""" + figures(120, "2026-03-31T23:00:00Z") + "}";

    public static final String EMPTY_SUMMARY = """
            {"window":{"from":"2026-03-01T00:00:00Z","to":"2026-04-01T00:00:00Z","days":31.0},\
            "filters":{"connection":[],"service":[],"env":[],"team":[]},\
            "benchmark":"dora-2021",""" + emptyFigures() + "}";

    public static final String TIMESERIES = """
            {"interval":"week","points":[\
            {"start":"2026-03-01T00:00:00Z","end":"2026-03-02T00:00:00Z",""" + figures(3, "2026-03-31T23:00:00Z") + "},"
            + """
            {"start":"2026-03-02T00:00:00Z","end":"2026-03-09T00:00:00Z",""" + emptyFigures() + "}]}";

    public static final String BREAKDOWN = """
            {"by":"service","items":[\
            {"key":"checkout",""" + figures(80, "2026-03-31T23:00:00Z") + "},"
            + """
            {"key":"=HYPERLINK(\\"x\\"), payments",""" + emptyFigures() + "}]}";

    public static final String DEPLOYMENTS = """
            {"items":[{"connectionId":"6f1c2a4e-3b7d-4c1e-9a2f-0d8e5b7c9a11","eventId":"4242fcdd31586083","version":2,\
            "startedAt":"2026-03-02T14:26:14Z","finishedAt":"2026-03-02T14:31:00Z","service":"checkout","env":"production",\
            "team":"payments","changeFailure":"failed","verdict":{"method":"incident_link","sourceVerdict":null,\
            "remediation":null,"linkedFailures":["inc-7"],"interval":{"from":"2026-03-02T14:31:00Z","to":null},\
            "rule":"incident_link (no deployment of this scope carries Datadog's verdict): failed when a failure naming\
             the deployment's service and env started in its interval, from its finish (else start) to the next\
             deployment's of that service and env"},\
            "raw":{"service":"checkout","git":{"sha":"abc"}}}],\
            "nextCursor":"eyJ0IjoiMjAyNi0wMy0wMlQxNDoyNjoxNFoifQ"}""";

    public static final String INCIDENTS = """
            {"items":[{"connectionId":"6f1c2a4e-3b7d-4c1e-9a2f-0d8e5b7c9a11","eventId":"inc-7","version":1,\
            "startedAt":"2026-03-03T10:00:00Z","finishedAt":null,"services":["checkout"],"envs":["production"],\
            "teams":[],"linkedDeployments":[{"eventId":"4242fcdd31586083","service":"checkout","env":"production"}],\
            "raw":{"name":"checkout down"}}],"nextCursor":null}""";

    public static final String CONNECTION = """
            {"id":"6f1c2a4e-3b7d-4c1e-9a2f-0d8e5b7c9a11","name":"acme-eu","site":"datadoghq.eu",\
            "apiKeyHint":"…a1b2","appKeyHint":"…c3d4","query":"env:production","backfillDays":90,\
            "pollIntervalSeconds":60,"status":"active","sources":{"deployments":{"available":true,"detail":null},\
            "failures":{"available":false,"detail":"no incident management"}},\
            "createdAt":"2026-03-01T10:00:00Z","updatedAt":"2026-03-01T10:00:00Z"}""";

    /** The live validation's checklist, as a creation (or a change of keys or query) answers it. */
    public static final String CHECKS = """
            [{"name":"apiKey","ok":true,"detail":null,"hint":null,"hasEvents":null,"eventSource":null},\
            {"name":"appKey","ok":true,"detail":null,"hint":null,"hasEvents":null,"eventSource":null},\
            {"name":"deployments","ok":true,"detail":"readable: deployment events found (source apm_deployments)",\
            "hint":null,"hasEvents":true,"eventSource":"apm_deployments"},\
            {"name":"failures","ok":true,"detail":"readable, but no failure events in the last 90 days",\
            "hint":"is Datadog receiving them? (Incident Management, the DORA API, or an incident integration)",\
            "hasEvents":false,"eventSource":null}]""";

    /** {@link #CONNECTION} as its creation answers it: with the checklist. */
    public static final String CONNECTION_CREATED = CONNECTION.substring(0, CONNECTION.length() - 1) + ",\"checks\":" + CHECKS + "}";

    /** A creation the connector refused: which key, and what to fix. */
    public static final String REFUSED_APP_KEY = """
            {"type":"https://dorastream.io/problems/validation-failed","title":"Validation Failed","status":422,\
            "detail":"Datadog refused the application key: Unauthorized","checks":[\
            {"name":"apiKey","ok":true,"detail":null,"hint":null,"hasEvents":null,"eventSource":null},\
            {"name":"appKey","ok":false,"detail":"Unauthorized","hint":"Datadog accepts the API key but refuses the application key",\
            "hasEvents":null,"eventSource":null}]}""";

    public static final String CONNECTIONS = "{\"items\":[" + CONNECTION + "]}";

    public static String syncStatus(String connectionId) {
        return """
                {"connectionId":"%s","streams":{\
                "deployments":{"state":"live","backfillProgress":1.0,"position":"2026-03-31T23:00:00Z","lagSeconds":42.0,\
                "lastSuccessAt":"2026-03-31T23:00:30Z","lastError":null,"eventsPublished":1200,"eventsRejected":0,\
                "rateLimitRemaining":250},\
                "failures":{"state":"backfilling","backfillProgress":0.4,"position":"2026-01-15T00:00:00Z","lagSeconds":null,\
                "lastSuccessAt":null,"lastError":{"source":"datadog","kind":"datadog-rate-limited",\
                "message":"HTTP 429 from Datadog","at":"2026-03-31T23:00:10Z"},"nextProbeAt":null,"eventsPublished":10,"eventsRejected":1,\
                "rateLimitRemaining":null}}}""".formatted(connectionId);
    }

    public static final String SYNC = syncStatus(CONNECTION_ID);

    public static final String SYNC_ALL = "{\"items\":[" + SYNC + "]}";

    public static final String READY = "{\"status\":\"UP\",\"checks\":[]}";
}
