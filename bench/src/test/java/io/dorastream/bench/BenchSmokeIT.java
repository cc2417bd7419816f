package io.dorastream.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code ./dorastream bench --smoke} in CI, so that the harness cannot rot: every row is produced, each with
 * figures, and the results are written. It checks no figure against a target (the smoke sizes are tiny and the
 * machine is shared): that is the full run's job, and it only reports.
 */
class BenchSmokeIT {

    @Test
    void everyRowIsProduced(@TempDir Path out) throws Exception {
        Path json = BenchCommand.run(new String[] { "--smoke", "--out", out.toString() });

        JsonNode results = new ObjectMapper().readTree(Files.readString(json));
        List<String> ids = new ArrayList<>();
        for (JsonNode row : results.path("rows")) {
            ids.add(row.path("id").asText());
            assertFalse(row.path("figures").isEmpty(), row.path("id").asText() + " has no figure");
            for (JsonNode f : row.path("figures")) {
                assertTrue(f.path("median").isNumber() && f.path("low").isNumber() && f.path("high").isNumber(),
                        row.path("id").asText() + " has a figure without median and spread: " + f);
                assertTrue(f.path("samples").asInt() >= 1, row.path("id") + ": " + f);
            }
            assertTrue(List.of("MET", "MISSED", "reported").contains(row.path("verdict").asText()), row.toString());
        }
        assertEquals(Report.IDS, ids);
        for (String id : List.of("B1", "B2", "B3", "B4", "B5", "B7")) {
            JsonNode row = results.path("rows").get(Report.IDS.indexOf(id));
            assertTrue(row.path("ratio").path("median").isNumber(), id + " has no ratio to its reference");
        }
        assertTrue(results.path("machine").path("cores").asInt() >= 1);
        assertFalse(results.path("machine").path("commit").asText().isBlank());
        assertTrue(results.path("b3Growth").size() >= 2, "B3's curve needs two points at least");
        assertTrue(Files.readString(out.resolve(Report.PLOT)).startsWith("<svg"), "B3's plot is written");
    }
}
