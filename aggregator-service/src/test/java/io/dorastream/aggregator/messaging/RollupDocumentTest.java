package io.dorastream.aggregator.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
    void theKeyIsCompactJsonWithEmptyStringsForNone() {
        RollupKey key = new RollupKey(UUID.fromString("0b6f3c9e-8d2a-4f1e-9c37-2a5d8e1f4b60"), LocalDate.parse("2026-03-01"),
                "shop\"ist", "production", "");
        assertEquals("[\"0b6f3c9e-8d2a-4f1e-9c37-2a5d8e1f4b60\",\"2026-03-01\",\"shop\\\"ist\",\"production\",\"\"]",
                key.kafkaKey());
    }
}
