package io.dorastream.connector;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.dorastream.devstack.testing.KafkaTestResource;
import io.dorastream.devstack.testing.PostgresTestResource;
import io.dorastream.devstack.testing.SimulatorTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/**
 * What every {@code @QuarkusTest} of the connector runs against: the embedded Kafka, the
 * {@code connector} database of the embedded PostgreSQL and the Datadog simulator, one of each per
 * test JVM ({@link TestResourceScope#GLOBAL}), so the application is not restarted between test
 * classes.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL, parallel = true)
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "connector"), scope = TestResourceScope.GLOBAL, parallel = true)
@WithTestResource(value = SimulatorTestResource.class, scope = TestResourceScope.GLOBAL)
public @interface ConnectorTestResources {
}
