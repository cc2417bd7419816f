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
                "medianDeploymentDaysPerWeek":5.0,"medianDeploymentDaysPerMonth":23.0,"level":"elite"},\
                "changeLeadTime":{"n":110,"medianSeconds":8400.0,"p75Seconds":12000.0,"p90Seconds":30000.0,"level":"elite","approximate":true},\
                "changeFailureRate":{"method":"change_failure","deployments":120,"evaluated":118,"failed":7,\
                "pending":2,"rate":0.0593,"ci95":[0.029,0.1174],"level":"high"},\
                "failedDeploymentRecoveryTime":{"n":7,"medianSeconds":7200.0,"p90Seconds":30000.0,"level":"high"},\
                "timeToRestore":{"n":5,"open":1,"medianSeconds":3600.0,"p90Seconds":9000.0},\
                "reworkRate":{"known":118,"rework":9,"rate":0.0763,"ci95":[0.0406,0.1386]},\
                "remediation":{"rollbackRate":0.5714,"byType":{"rollback":4,"rollforward":3}},\
                "dataAsOf":%s""".formatted(count, dataAsOf == null ? "null" : "\"" + dataAsOf + "\"");
    }

    /** Figures of a window without any data: nulls wherever no value exists. */
    public static String emptyFigures() {
        return """
                "deploymentFrequency":{"count":0,"perDay":0.0,"deploymentDays":0,\
                "medianDeploymentDaysPerWeek":null,"medianDeploymentDaysPerMonth":null,"level":null},\
                "changeLeadTime":{"n":0,"medianSeconds":null,"p75Seconds":null,"p90Seconds":null,"level":null},\
                "changeFailureRate":{"method":"change_failure","deployments":0,"evaluated":0,"failed":0,\
                "pending":0,"rate":null,"ci95":null,"level":null},\
                "failedDeploymentRecoveryTime":{"n":0,"medianSeconds":null,"p90Seconds":null,"level":null},\
                "timeToRestore":{"n":0,"open":0,"medianSeconds":null,"p90Seconds":null},\
                "reworkRate":{"known":0,"rework":0,"rate":null,"ci95":null},\
                "remediation":{"rollbackRate":null,"byType":{}},\
                "dataAsOf":null""";
    }

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
            "team":"payments","changeFailure":"failed","raw":{"service":"checkout","git":{"sha":"abc"}}}],\
            "nextCursor":"eyJ0IjoiMjAyNi0wMy0wMlQxNDoyNjoxNFoifQ"}""";

    public static final String INCIDENTS = """
            {"items":[{"connectionId":"6f1c2a4e-3b7d-4c1e-9a2f-0d8e5b7c9a11","eventId":"inc-7","version":1,\
            "startedAt":"2026-03-03T10:00:00Z","finishedAt":null,"services":["checkout"],"envs":["production"],\
            "teams":[],"raw":{"name":"checkout down"}}],"nextCursor":null}""";

    public static final String CONNECTION = """
            {"id":"6f1c2a4e-3b7d-4c1e-9a2f-0d8e5b7c9a11","name":"acme-eu","site":"datadoghq.eu",\
            "apiKeyHint":"…a1b2","appKeyHint":"…c3d4","query":"env:production","backfillDays":90,\
            "pollIntervalSeconds":60,"status":"active","sources":{"deployments":{"available":true,"detail":null},\
            "failures":{"available":false,"detail":"no incident management"}},\
            "createdAt":"2026-03-01T10:00:00Z","updatedAt":"2026-03-01T10:00:00Z"}""";

    public static final String CONNECTIONS = "{\"items\":[" + CONNECTION + "]}";

    public static String syncStatus(String connectionId) {
        return """
                {"connectionId":"%s","streams":{\
                "deployments":{"state":"live","backfillProgress":1.0,"position":"2026-03-31T23:00:00Z","lagSeconds":42.0,\
                "lastSuccessAt":"2026-03-31T23:00:30Z","lastError":null,"eventsPublished":1200,"eventsRejected":0,\
                "rateLimitRemaining":250},\
                "failures":{"state":"backfilling","backfillProgress":0.4,"position":"2026-01-15T00:00:00Z","lagSeconds":null,\
                "lastSuccessAt":null,"lastError":"HTTP 429 from Datadog","eventsPublished":10,"eventsRejected":1,\
                "rateLimitRemaining":null}}}""".formatted(connectionId);
    }

    public static final String SYNC = syncStatus(CONNECTION_ID);

    public static final String SYNC_ALL = "{\"items\":[" + SYNC + "]}";

    public static final String READY = "{\"status\":\"UP\",\"checks\":[]}";
}
