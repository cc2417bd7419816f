package io.dorastream.aggregator.rollup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import io.dorastream.aggregator.AggregatorTestBase;
import io.quarkus.test.junit.QuarkusTest;

/**
 * An upgrade keeps every recovery time the monthly rows counted: V12 turns V11's value counts
 * ({@code {"seconds": n}}) into the sorted values, each as often as it was counted. Migrated in a schema of its
 * own, as Flyway migrates the service's database.
 */
@QuarkusTest
class MonthlyValuesMigrationTest extends AggregatorTestBase {

    private static final String SCHEMA = "upgrade_from_v11";

    @Test
    void theMonthlyValueCountsBecomeTheValuesTheyCount() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            try {
                flyway("11").migrate();
                List<String> names = column(c, "column_name");
                List<String> types = column(c, "data_type");
                st.execute("INSERT INTO " + SCHEMA + ".deployment_monthly (" + String.join(", ", names) + ") SELECT "
                        + values(names, types, 1) + " UNION ALL SELECT " + values(names, types, 2));
                st.execute("UPDATE " + SCHEMA + ".deployment_monthly SET cf_recovery_values = CASE service WHEN 's1'"
                        + " THEN '{\"900\": 2, \"30\": 1}'::jsonb ELSE '{}' END, link_recovery_values = CASE service"
                        + " WHEN 's1' THEN '{}'::jsonb ELSE '{\"5\": 3}' END");
                flyway(null).migrate();
                List<String> rows = new ArrayList<>();
                try (ResultSet rs = st.executeQuery("SELECT service || ' ' || cf_recovery_values::text || ' '"
                        + " || link_recovery_values::text FROM " + SCHEMA + ".deployment_monthly ORDER BY service")) {
                    while (rs.next()) {
                        rows.add(rs.getString(1));
                    }
                }
                assertEquals(List.of("s1 {30,900,900} {}", "s2 {} {5,5,5}"), rows);
            } finally {
                st.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            }
        }
    }

    /** Flyway on the test database's own schema {@link #SCHEMA}, up to {@code target} (null: the latest). */
    private Flyway flyway(String target) {
        var config = Flyway.configure().dataSource(dataSource).schemas(SCHEMA).locations("classpath:db/migration");
        return (target == null ? config : config.target(target)).load();
    }

    /**
     * A V11 row of cell {@code s<i>} for the columns {@code names} of types {@code types}: every column its type's
     * neutral value ({@code 0}, {@code '{}'}, the month 2026-06-01, a fixed connection), the service {@code s<i>}.
     */
    private static String values(List<String> names, List<String> types, int i) {
        List<String> out = new ArrayList<>();
        for (int k = 0; k < names.size(); k++) {
            out.add(switch (names.get(k)) {
                case "service" -> "'s" + i + "'";
                case "connection_id" -> "'00000000-0000-0000-0000-000000000001'::uuid";
                case "month" -> "DATE '2026-06-01'";
                default -> switch (types.get(k)) {
                    case "jsonb" -> "'{}'::jsonb";
                    case "text" -> "''";
                    default -> "0";
                };
            });
        }
        return String.join(", ", out);
    }

    /** The V11 monthly rollup's {@code what} of information_schema.columns, in column order. */
    private static List<String> column(Connection c, String what) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT " + what
                + " FROM information_schema.columns WHERE table_schema = '" + SCHEMA + "' AND table_name = 'deployment_monthly'"
                + " ORDER BY ordinal_position")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
