package io.dorastream.deploy;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The checker against the packaged services: what each declares, and what it does not. */
class ServicePropertiesTest {

    private static void declared(String service, String env) {
        Optional<String> problem = ServiceProperties.of(service).problemWith(env);
        assertTrue(problem.isEmpty(), () -> env + " should be declared by " + service + ": " + problem.orElseThrow());
    }

    private static String problem(String service, String env) {
        Optional<String> problem = ServiceProperties.of(service).problemWith(env);
        assertTrue(problem.isPresent(), () -> env + " should not be declared by " + service);
        String reason = problem.get();
        assertTrue(reason.contains(env) && reason.contains(service), () -> "the reason names neither: " + reason);
        return reason;
    }

    @Test
    void referencesInApplicationProperties() {
        for (String service : ServiceProperties.SERVICES) {
            declared(service, "DORA_INTERNAL_TOKEN");
        }
        declared("connector-service", "DORA_CRYPTO_ACTIVE_KEY");
        declared("connector-service", "DORA_CONNECTOR_DB_URL");
        declared("aggregator-service", "DORA_AGGREGATOR_DB_URL");
        declared("api-gateway", "DORA_ADMIN_TOKEN");
        problem("connector-service", "DORA_ADMIN_TOKEN");
        problem("api-gateway", "DORA_CONNECTOR_DB_URL");
    }

    @Test
    void configMappingsWithMapKeysAsWildcards() {
        declared("connector-service", "DORASTREAM_SYNC_LEASE_TTL");
        declared("connector-service", "DORASTREAM_DATADOG_BREAKER_FAILURE_RATIO");
        declared("connector-service", "DORASTREAM_CRYPTO_KEYS_K1");
        declared("connector-service", "DORASTREAM_CRYPTO_KEYS__K2_");
        declared("api-gateway", "DORASTREAM_AUTH_TOKENS_CI_SHA256");
        declared("api-gateway", "DORASTREAM_AUTH_TOKENS__CI_BOT__ROLE");
        problem("api-gateway", "DORASTREAM_AUTH_TOKENS_CI_SHA512");
        problem("connector-service", "DORASTREAM_SYNC_LEASE_TIME");
        problem("aggregator-service", "DORASTREAM_CRYPTO_KEYS_K1");
    }

    @Test
    void quarkusPropertiesFromTheExtensionsConfigModel() {
        declared("connector-service", "QUARKUS_DATASOURCE_JDBC_URL");
        declared("connector-service", "QUARKUS_DATASOURCE__OTHER__JDBC_MAX_SIZE");
        declared("api-gateway", "QUARKUS_HTTP_PORT");
        declared("api-gateway", "QUARKUS_OIDC_AUTH_SERVER_URL");
        declared("api-gateway", "QUARKUS_LOG_CATEGORY__IO_DORASTREAM__LEVEL");
        // an extension the service does not use
        problem("api-gateway", "QUARKUS_DATASOURCE_JDBC_URL");
        problem("connector-service", "QUARKUS_OIDC_AUTH_SERVER_URL");
        // fixed at build time: a run-time value would be ignored
        String reason = problem("connector-service", "QUARKUS_DATASOURCE_DB_KIND");
        assertTrue(reason.contains("BUILD"), reason);
        problem("connector-service", "QUARKUS_HTTP_PORTS");
    }

    @Test
    void kafkaClientSettingsOnlyWhereKafkaIsUsed() {
        declared("connector-service", "KAFKA_BOOTSTRAP_SERVERS");
        declared("aggregator-service", "KAFKA_SASL_JAAS_CONFIG");
        declared("aggregator-service", "KAFKA_SECURITY_PROTOCOL");
        problem("aggregator-service", "KAFKA_SASL_JAAS_CONF");
        problem("api-gateway", "KAFKA_SECURITY_PROTOCOL");
    }

    @Test
    void jvmVariablesAndTheSimulator() {
        declared("api-gateway", "JAVA_TOOL_OPTIONS");
        declared("aggregator-service", "TZ");
        declared(ServiceProperties.SIMULATOR, "JAVA_TOOL_OPTIONS");
        declared(ServiceProperties.SIMULATOR, "DORA_GATEWAY_URL");
        problem(ServiceProperties.SIMULATOR, "DATADOG_API_URL");
        problem("api-gateway", "JAVA_OPTS");
        problem("api-gateway", "not-a-name");
    }

    @Test
    void unknownServiceIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ServiceProperties.of("gateway"));
        assertTrue(e.getMessage().contains("api-gateway"), e.getMessage());
    }

    @Test
    void envFormIsSmallRyes() {
        assertEquals("DORASTREAM_SYNC_LEASE_TTL", ServiceProperties.EnvPattern.envForm("dorastream.sync.lease-ttl"));
        assertEquals("QUARKUS_LOG_CATEGORY__KAFKA__LEVEL", ServiceProperties.EnvPattern.envForm("quarkus.log.category.\"kafka\".level"));
    }
}
