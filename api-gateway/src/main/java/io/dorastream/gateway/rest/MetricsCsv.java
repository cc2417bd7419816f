package io.dorastream.gateway.rest;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.dorastream.api.metrics.CsvColumns;
import io.dorastream.api.metrics.CsvColumns.Column;

/**
 * Time series and breakdowns as CSV (RFC 4180, CRLF, a header row): one row per point or item, in
 * the columns the contract derives from its records ({@link CsvColumns}: the figures flattened as
 * {@code figure.field}, the confidence intervals as {@code ci95Low}/{@code ci95High}, one
 * {@code approximate} column, true when any figure of the row was served from a sketch). An absent or
 * null value is an empty cell. A breakdown key that a spreadsheet would run as a formula
 * ({@code = + - @} first) is prefixed with {@code '}.
 */
public final class MetricsCsv {

    public static final String MEDIA_TYPE = "text/csv";

    /** The breakdown's column whose text comes from the data (service, team or env names). */
    private static final String KEY = "key";

    private MetricsCsv() {
    }

    /** The header of a time series: {@code start,end,<figures>,approximate,dataAsOf}. */
    public static String timeseriesHeader() {
        return header(CsvColumns.timeseries());
    }

    /** The header of a breakdown: {@code key,<figures>,approximate,dataAsOf}. */
    public static String breakdownHeader() {
        return header(CsvColumns.breakdown());
    }

    /** {@code {"interval","points":[…]}} as CSV. */
    public static String timeseries(JsonNode body) {
        return table(CsvColumns.timeseries(), body.path("points"));
    }

    /** {@code {"by","items":[…]}} as CSV. */
    public static String breakdown(JsonNode body) {
        return table(CsvColumns.breakdown(), body.path("items"));
    }

    private static String header(List<Column> columns) {
        return String.join(",", columns.stream().map(Column::name).toList()) + "\r\n";
    }

    private static String table(List<Column> columns, JsonNode rows) {
        StringBuilder sb = new StringBuilder(header(columns));
        for (JsonNode row : rows) {
            List<String> cells = new ArrayList<>(columns.size());
            for (Column c : columns) {
                if (c.isApproximate()) {
                    cells.add(Boolean.toString(approximate(row)));
                } else {
                    String cell = cell(row.at(c.pointer()));
                    cells.add(c.name().equals(KEY) ? defused(cell) : cell);
                }
            }
            sb.append(String.join(",", cells)).append("\r\n");
        }
        return sb.toString();
    }

    private static boolean approximate(JsonNode row) {
        boolean approximate = false;
        for (JsonNode figure : row) {
            approximate |= figure.path(CsvColumns.APPROXIMATE).asBoolean(false);
        }
        return approximate;
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

    /** The characters that make a spreadsheet read a cell as a formula when they lead it (OWASP's list). */
    static final String FORMULA_LEADS = "=+-@\t\r";

    private static String defused(String cell) {
        String bare = cell.startsWith("\"") ? cell.substring(1) : cell;
        if (!bare.isEmpty() && FORMULA_LEADS.indexOf(bare.charAt(0)) >= 0) {
            return cell.startsWith("\"") ? "\"'" + bare : "'" + cell;
        }
        return cell;
    }
}
