package io.dorastream.aggregator.rollup;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.TreeMap;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.dorastream.aggregator.AggregatorTestBase;
import io.dorastream.events.Incident;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The incrementally kept {@code incident_link} verdicts do not depend on the JVM's time zone: in a zone
 * with daylight saving (the build runs this class alone with {@code -Duser.timezone=America/New_York},
 * surefire execution {@code new-york}), events in the repeated hour of 1 November 2026 (05:00–07:00Z
 * are both 01:00–02:00 local time) give the verdicts worked out by hand, and a rebuild agrees.
 */
@QuarkusTest
class DaylightSavingTimeTest extends AggregatorTestBase {

    private static Incident failure(String started) {
        return new Incident("outage", "SEV-2", List.of("api"), List.of("prod"), List.of("core"), "v1", Instant.parse(started),
                null, null, List.of(), null);
    }

    @Test
    void verdictsInTheRepeatedHourEqualARebuilds() throws Exception {
        assumeTrue("America/New_York".equals(TimeZone.getDefault().getID()),
                "runs in the surefire execution new-york (-Duser.timezone=America/New_York)");
        UUID x = UUID.randomUUID();
        // d1 01:10 EDT, d3 01:20 EST: the same wall-clock hour
        sendDeployment(x, "d1", 1, deployment("api", "prod", "core", Instant.parse("2026-11-01T05:10:00Z")));
        sendDeployment(x, "d3", 1, deployment("api", "prod", "core", Instant.parse("2026-11-01T06:20:00Z")));
        awaitDeploymentsConsumed();
        sendIncident(x, "f1", 1, failure("2026-11-01T06:25:00Z")); // 01:25 EST: fails d3
        sendIncident(x, "f2", 1, failure("2026-11-01T05:30:00Z")); // 01:30 EDT: fails d1
        awaitIncidentsConsumed();
        assertEquals(Map.of("d1", true, "d3", true), verdicts(x));
        // a late deployment at 01:20 EDT takes f2 over from d1
        sendDeployment(x, "d2", 1, deployment("api", "prod", "core", Instant.parse("2026-11-01T05:20:00Z")));
        awaitDeploymentsConsumed();
        Map<String, Boolean> incremental = verdicts(x);
        assertEquals(Map.of("d1", false, "d2", true, "d3", true), incremental);

        rebuildAndWait();
        await().atMost(WAIT).until(() -> verdicts(x).size() == 3);
        assertEquals(incremental, verdicts(x), "a rebuild gives the verdicts kept incrementally");
    }

    /** The {@code incident_link} verdict of each deployment of the connection. */
    private Map<String, Boolean> verdicts(UUID connection) throws SQLException {
        Map<String, Boolean> out = new TreeMap<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT event_id, link_failed FROM deployment WHERE connection_id = ?")) {
            ps.setObject(1, connection);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getBoolean(2));
                }
            }
        }
        return out;
    }
}
