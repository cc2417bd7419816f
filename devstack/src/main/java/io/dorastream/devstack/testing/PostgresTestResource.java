package io.dorastream.devstack.testing;

import java.util.Map;

import io.dorastream.devstack.postgres.PostgresServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Gives a Quarkus test a database of the JVM's shared PostgreSQL. The init arg {@code database}
 * names it (created when missing). Register with
 * {@code @WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "connector"), scope = TestResourceScope.GLOBAL, parallel = true)}.
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    private String database = "postgres";

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
    }

    @Override
    public Map<String, String> start() {
        PostgresServer pg = SharedInfra.postgres();
        pg.createDatabases(java.util.List.of(database));
        return Map.of(
                "quarkus.datasource.jdbc.url", pg.jdbcUrl(database),
                "quarkus.datasource.username", PostgresServer.USER,
                "quarkus.datasource.password", "postgres");
    }

    @Override
    public void stop() {
        // Shared by every test of the JVM: stopped when the JVM exits.
    }
}
