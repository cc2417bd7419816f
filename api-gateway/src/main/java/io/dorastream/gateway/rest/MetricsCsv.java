package io.dorastream.gateway.rest;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Time series and breakdowns as CSV (RFC 4180, CRLF, a header row): one row per point or item, the
 * figures flattened into the columns of {@link #FIGURES} (named {@code figure.field}; the confidence
 * interval as {@code ci95Low}/{@code ci95High}; {@code approximate} is true when any figure of the
 * row was served from a sketch). An absent or null value is an empty cell. A breakdown key that a
 * spreadsheet would run as a formula ({@code = + - @} first) is prefixed with {@code '}.
 */
public final class MetricsCsv {

    private record Column(String name, String pointer) {
    }

    private static final List<Column> FIGURES = List.of(
            col("deploymentFrequency", "count"), col("deploymentFrequency", "perDay"),
            col("deploymentFrequency", "deploymentDays"), col("deploymentFrequency", "medianDeploymentDaysPerWeek"),
            col("deploymentFrequency", "medianDeploymentDaysPerMonth"), col("deploymentFrequency", "level"),
            col("changeLeadTime", "n"), col("changeLeadTime", "medianSeconds"), col("changeLeadTime", "p75Seconds"),
            col("changeLeadTime", "p90Seconds"), col("changeLeadTime", "level"),
            col("changeFailureRate", "method"), col("changeFailureRate", "deployments"),
            col("changeFailureRate", "evaluated"), col("changeFailureRate", "failed"),
            col("changeFailureRate", "pending"), col("changeFailureRate", "rate"),
            new Column("changeFailureRate.ci95Low", "/changeFailureRate/ci95/0"),
            new Column("changeFailureRate.ci95High", "/changeFailureRate/ci95/1"),
            col("changeFailureRate", "level"),
            col("failedDeploymentRecoveryTime", "n"), col("failedDeploymentRecoveryTime", "medianSeconds"),
            col("failedDeploymentRecoveryTime", "p90Seconds"), col("failedDeploymentRecoveryTime", "level"),
            col("timeToRestore", "n"), col("timeToRestore", "open"), col("timeToRestore", "medianSeconds"),
            col("timeToRestore", "p90Seconds"),
            col("reworkRate", "known"), col("reworkRate", "rework"), col("reworkRate", "rate"),
            col("remediation", "rollbackRate"),
            new Column("remediation.rollback", "/remediation/byType/rollback"),
            new Column("remediation.rollforward", "/remediation/byType/rollforward"));

    public static final String MEDIA_TYPE = "text/csv";

    private MetricsCsv() {
    }

    private static Column col(String figure, String field) {
        return new Column(figure + "." + field, "/" + figure + "/" + field);
    }

    /** The header of a time series: {@code start,end,<figures>,approximate,dataAsOf}. */
    public static String timeseriesHeader() {
        return header(List.of("start", "end"));
    }

    /** The header of a breakdown: {@code key,<figures>,approximate,dataAsOf}. */
    public static String breakdownHeader() {
        return header(List.of("key"));
    }

    /** {@code {"interval","points":[…]}} as CSV. */
    public static String timeseries(JsonNode body) {
        StringBuilder sb = new StringBuilder(timeseriesHeader());
        for (JsonNode point : body.path("points")) {
            List<String> cells = new ArrayList<>();
            cells.add(cell(point.get("start")));
            cells.add(cell(point.get("end")));
            row(sb, cells, point);
        }
        return sb.toString();
    }

    /** {@code {"by","items":[…]}} as CSV. */
    public static String breakdown(JsonNode body) {
        StringBuilder sb = new StringBuilder(breakdownHeader());
        for (JsonNode item : body.path("items")) {
            List<String> cells = new ArrayList<>();
            cells.add(defused(cell(item.get("key"))));
            row(sb, cells, item);
        }
        return sb.toString();
    }

    private static String header(List<String> leading) {
        List<String> names = new ArrayList<>(leading);
        FIGURES.forEach(c -> names.add(c.name()));
        names.add("approximate");
        names.add("dataAsOf");
        return String.join(",", names) + "\r\n";
    }

    private static void row(StringBuilder sb, List<String> cells, JsonNode figures) {
        FIGURES.forEach(c -> cells.add(cell(figures.at(c.pointer()))));
        boolean approximate = false;
        for (JsonNode figure : figures) {
            approximate |= figure.path("approximate").asBoolean(false);
        }
        cells.add(Boolean.toString(approximate));
        cells.add(cell(figures.get("dataAsOf")));
        sb.append(String.join(",", cells)).append("\r\n");
    }

    private static String cell(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return "";
        }
        String s = v.isValueNode() ? v.asText() : v.toString();
        if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }

    private static String defused(String cell) {
        String bare = cell.startsWith("\"") ? cell.substring(1) : cell;
        if (!bare.isEmpty() && "=+-@".indexOf(bare.charAt(0)) >= 0) {
            return cell.startsWith("\"") ? "\"'" + bare : "'" + cell;
        }
        return cell;
    }
}
