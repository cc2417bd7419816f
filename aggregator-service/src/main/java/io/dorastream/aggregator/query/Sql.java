package io.dorastream.aggregator.query;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** SQL text with its parameters, in order (bound by {@link Filters#bind}). */
record Sql(String text, List<Object> params) {

    Sql {
        params = List.copyOf(params);
    }

    /** Handles one row of a result. */
    interface RowHandler {
        void row(ResultSet rs) throws SQLException;
    }

    /** This SQL as a {@code WITH} clause followed by {@code rest} and its parameters. */
    Sql with(String rest, Object... restParams) {
        List<Object> all = new ArrayList<>(params);
        all.addAll(List.of(restParams));
        return new Sql("WITH " + text + " " + rest, all);
    }

    /** Runs the query, handing each row to {@code handler}. */
    void query(Connection c, RowHandler handler) throws SQLException {
        query(c, 0, handler);
    }

    /**
     * The same, fetching {@code fetchRows} rows at a time (0: all at once); a transaction's statement streams so,
     * one outside a transaction fetches everything still.
     */
    void query(Connection c, int fetchRows, RowHandler handler) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(text)) {
            ps.setFetchSize(fetchRows);
            Filters.bind(c, ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    handler.row(rs);
                }
            }
        }
    }
}
