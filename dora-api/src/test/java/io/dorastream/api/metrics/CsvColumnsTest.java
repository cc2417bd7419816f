package io.dorastream.api.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.dorastream.api.metrics.CsvColumns.Column;

class CsvColumnsTest {

    private static String header(List<Column> columns) {
        return String.join(",", columns.stream().map(Column::name).toList());
    }

    @Test
    void pointersAddressTheFieldsOfTheJsonRow() {
        List<Column> columns = CsvColumns.breakdown();
        assertEquals(new Column("key", "/key"), columns.get(0));
        assertEquals(new Column("changeFailureRate.ci95High", "/changeFailureRate/ci95/1"),
                columns.stream().filter(c -> c.name().equals("changeFailureRate.ci95High")).findFirst().orElseThrow());
        assertEquals(new Column("remediation.rollforward", "/remediation/byType/rollforward"),
                columns.stream().filter(c -> c.name().equals("remediation.rollforward")).findFirst().orElseThrow());
        assertTrue(columns.stream().filter(Column::isApproximate).count() == 1);
        assertEquals(new Column("changeLeadTime.percentile", "/changeLeadTime/position/percentile"), column(columns, "changeLeadTime.percentile"));
        assertEquals(new Column("reworkRate.score", "/reworkRate/score"), column(columns, "reworkRate.score"));
        assertEquals(new Column("timeToRestore.lowSample", "/timeToRestore/lowSample"), column(columns, "timeToRestore.lowSample"));
        assertEquals(new Column("profile.stability", "/profile/stability/score"), column(columns, "profile.stability"));
        assertEquals(new Column("profile.performanceAverage.percentile", "/profile/performanceAverage/position/percentile"),
                column(columns, "profile.performanceAverage.percentile"));
    }

    /** Every scored figure has its lowSample, score and percentile; time to restore only its lowSample. */
    @Test
    void theScoredFiguresHaveScoreAndPercentileColumns() {
        List<String> names = CsvColumns.figures().stream().map(Column::name).toList();
        for (String f : List.of("deploymentFrequency", "changeLeadTime", "changeFailureRate", "failedDeploymentRecoveryTime", "reworkRate")) {
            assertTrue(names.containsAll(List.of(f + ".lowSample", f + ".score", f + ".percentile")), f + " in " + names);
        }
        assertTrue(names.contains("timeToRestore.lowSample") && !names.contains("timeToRestore.score"), names.toString());
        assertEquals(5, names.stream().filter(n -> n.endsWith(".score")).count());
        assertEquals(List.of("profile.throughput", "profile.throughput.percentile", "profile.stability",
                "profile.stability.percentile", "profile.performanceAverage", "profile.performanceAverage.percentile"),
                CsvColumns.breakdown().stream().map(Column::name).filter(n -> n.startsWith("profile.")).toList());
    }

    private static Column column(List<Column> columns, String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow(() -> new AssertionError(name));
    }

    @Test
    void rowsHaveTheirOwnFieldsAroundTheFigures() {
        String figures = header(CsvColumns.figures());
        String profile = "profile.throughput,profile.throughput.percentile,profile.stability,profile.stability.percentile,"
                + "profile.performanceAverage,profile.performanceAverage.percentile";
        assertEquals("start,end," + figures + ",approximate," + profile + ",dataAsOf", header(CsvColumns.timeseries()));
        assertEquals("key," + figures + ",approximate," + profile + ",dataAsOf", header(CsvColumns.breakdown()));
    }

    /** The README lists the two headers in full, by hand; they must be what the export writes. */
    @Test
    void theReadmeListsTheColumnsOfTheContract() throws IOException {
        List<String> lines = Files.readAllLines(readme());
        assertEquals(List.of(header(CsvColumns.timeseries())), lines.stream().filter(l -> l.startsWith("start,end,")).toList(),
                "README.md's time series CSV header");
        assertEquals(List.of(header(CsvColumns.breakdown())), lines.stream().filter(l -> l.startsWith("key,")).toList(),
                "README.md's breakdown CSV header");
    }

    private static Path readme() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("dora-api"))) {
                return dir.resolve("README.md");
            }
        }
        assertNotNull(null, "README.md of the repository not found above " + Path.of("").toAbsolutePath());
        return null;
    }
}
