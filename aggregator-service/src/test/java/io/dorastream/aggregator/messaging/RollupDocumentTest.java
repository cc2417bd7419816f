package io.dorastream.aggregator.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class RollupDocumentTest {

    @Test
    void columnNamesBecomeCamelCase() {
        assertEquals("deployments", RollupDocument.camelCase("deployments"));
        assertEquals("failedDeployments", RollupDocument.camelCase("failed_deployments"));
        assertEquals("leadTimeP50Seconds", RollupDocument.camelCase("lead_time_p50_seconds"));
        assertEquals("changeFailure", RollupDocument.camelCase("_change__failure_"));
    }

    @Test
    void aRowsColumnsAreRenamedWithTheirValuesAsTheyAreThenUpdatedAt() {
        String row = "{\"deployments\": 12, \"lead_time_sum\": 0.1, \"tiny\": 1.5e-7, \"huge\": 12345678901234567890,"
                + " \"remediation_counts\": {\"roll_back\": 2, \"fix\": {\"a\": [1, 2.5, null, true]}},"
                + " \"sketch\": [0, 3, 1], \"team_note\": \"q\\\"u\\u00e9\", \"recovery_p50\": null}";
        assertEquals("{\"deployments\":12,\"leadTimeSum\":0.1,\"tiny\":1.5E-7,\"huge\":12345678901234567890,"
                + "\"remediationCounts\":{\"roll_back\":2,\"fix\":{\"a\":[1,2.5,null,true]}},\"sketch\":[0,3,1],"
                + "\"teamNote\":\"q\\\"u\u00e9\",\"recoveryP50\":null,\"updatedAt\":\"2026-03-01T10:15:30Z\"}",
                new String(RollupDocument.document(row, Instant.parse("2026-03-01T10:15:30Z")), StandardCharsets.UTF_8));
    }

    @Test
    void aColumnNamedUpdatedAtGivesWayToTheDocumentsOwn() {
        assertEquals("{\"updatedAt\":\"2026-03-01T10:15:30Z\",\"deployments\":1}",
                new String(RollupDocument.document("{\"updated_at\": {\"x\": 1}, \"deployments\": 1}",
                        Instant.parse("2026-03-01T10:15:30Z")), StandardCharsets.UTF_8));
    }

    @Test
    void theKeyIsCompactJsonWithEmptyStringsForNone() {
        RollupKey key = new RollupKey(UUID.fromString("0b6f3c9e-8d2a-4f1e-9c37-2a5d8e1f4b60"), LocalDate.parse("2026-03-01"),
                "shop\"ist", "production", "");
        assertEquals("[\"0b6f3c9e-8d2a-4f1e-9c37-2a5d8e1f4b60\",\"2026-03-01\",\"shop\\\"ist\",\"production\",\"\"]",
                key.kafkaKey());
    }
}
