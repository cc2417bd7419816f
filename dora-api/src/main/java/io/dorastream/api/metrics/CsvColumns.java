package io.dorastream.api.metrics;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The columns of a metrics answer flattened into a table (the CSV export), derived from the records
 * of the contract by one walk over their components, so that a new figure or field is a new column
 * without a list to update. A row is one {@link Summary.Point} or {@link Summary.Item}: its own
 * fields in order, the {@link DoraFigures} in their place, each figure field as
 * {@code figure.field}; a confidence interval as {@code figure.ci95Low} and {@code figure.ci95High};
 * remediation's per-type counts as {@code remediation.<type>} for {@link Remediation#TABULATED_TYPES};
 * the figures' {@code approximate} flags as one {@code approximate} column (true when any figure of
 * the row was served from a sketch); a scored figure's {@code position} as {@code figure.percentile};
 * the {@link Profile} as {@code profile.<aggregate>} (its score) and {@code profile.<aggregate>.percentile}.
 * The header is the same whatever the benchmark: a value that does not apply is an empty cell.
 */
public final class CsvColumns {

    /** The field of a {@link Position} that tables show (a position's other fields are the query's). */
    private static final String PERCENTILE = "percentile";

    /** The column of a row's figures' {@code approximate} flags. */
    public static final String APPROXIMATE = DoraFigures.APPROXIMATE_FIELD;

    /**
     * One column.
     *
     * @param name    the header
     * @param pointer the JSON pointer of the cell's value in the row's JSON object; null for {@link #APPROXIMATE}
     */
    public record Column(String name, String pointer) {

        public boolean isApproximate() {
            return pointer == null;
        }
    }

    private CsvColumns() {
    }

    /** The columns of a time series' points: {@code start,end,<figures>,approximate,<profile>,dataAsOf}. */
    public static List<Column> timeseries() {
        return of(Summary.Point.class);
    }

    /** The columns of a breakdown's items: {@code key,<figures>,approximate,<profile>,dataAsOf}. */
    public static List<Column> breakdown() {
        return of(Summary.Item.class);
    }

    /** The figure columns alone, in order ({@code deploymentFrequency.count} … {@code remediation.rollforward}). */
    public static List<Column> figures() {
        List<Column> columns = new ArrayList<>();
        for (RecordComponent figure : DoraFigures.class.getRecordComponents()) {
            for (RecordComponent field : figure.getType().getRecordComponents()) {
                addField(columns, figure.getName(), field);
            }
        }
        return List.copyOf(columns);
    }

    static List<Column> of(Class<? extends Record> row) {
        List<Column> columns = new ArrayList<>();
        for (RecordComponent c : row.getRecordComponents()) {
            if (c.getType() == DoraFigures.class) {
                columns.addAll(figures());
                columns.add(new Column(APPROXIMATE, null));
            } else if (c.getType() == Profile.class) {
                for (RecordComponent aggregate : Profile.class.getRecordComponents()) {
                    String name = c.getName() + "." + aggregate.getName();
                    String pointer = "/" + c.getName() + "/" + aggregate.getName();
                    columns.add(new Column(name, pointer + "/score"));
                    columns.add(new Column(name + "." + PERCENTILE, pointer + "/position/" + PERCENTILE));
                }
            } else {
                columns.add(new Column(c.getName(), "/" + c.getName()));
            }
        }
        return List.copyOf(columns);
    }

    private static void addField(List<Column> columns, String figure, RecordComponent field) {
        String name = field.getName();
        String pointer = "/" + figure + "/" + name;
        Class<?> type = field.getType();
        if (name.equals(DoraFigures.APPROXIMATE_FIELD)) {
            return; // one column for the row
        }
        if (type == Optional.class) {
            Type of = ((ParameterizedType) field.getGenericType()).getActualTypeArguments()[0];
            if (of == Position.class) {
                columns.add(new Column(figure + "." + PERCENTILE, pointer + "/" + PERCENTILE));
            } else {
                columns.add(new Column(figure + "." + name, pointer));
            }
        } else if (type == WilsonInterval.class) {
            columns.add(new Column(figure + "." + name + "Low", pointer + "/0"));
            columns.add(new Column(figure + "." + name + "High", pointer + "/1"));
        } else if (Map.class.isAssignableFrom(type)) {
            if (field.getDeclaringRecord() != Remediation.class) {
                throw new IllegalStateException("no columns defined for the map " + figure + "." + name);
            }
            for (String key : Remediation.TABULATED_TYPES) {
                columns.add(new Column(figure + "." + key, pointer + "/" + key));
            }
        } else {
            columns.add(new Column(figure + "." + name, pointer));
        }
    }
}
