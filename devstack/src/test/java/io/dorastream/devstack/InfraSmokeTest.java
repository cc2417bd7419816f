package io.dorastream.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import io.dorastream.devstack.testing.SharedInfra;
import io.dorastream.events.Topics;

class InfraSmokeTest {

    @Test
    void kafkaHasTheContractTopicsAndCarriesARecord() throws Exception {
        String bootstrap = SharedInfra.kafka().bootstrapServers();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            Set<String> names = admin.listTopics().names().get(10, TimeUnit.SECONDS);
            Topics.all().forEach(t -> assertTrue(names.contains(t.name()), t.name()));
        }
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.METRICS, "k", "v")).get(10, TimeUnit.SECONDS);
        }
        Properties c = new Properties();
        c.put("bootstrap.servers", bootstrap);
        c.put("group.id", "smoke");
        c.put("auto.offset.reset", "earliest");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.METRICS));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if ("k".equals(r.key())) {
                        assertEquals("v", r.value());
                        return;
                    }
                }
            }
        }
        throw new AssertionError("record not consumed");
    }

    @Test
    void postgresHasTheServiceDatabases() throws Exception {
        var pg = SharedInfra.postgres();
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl("aggregator"), "postgres", "");
                ResultSet rs = c.createStatement().executeQuery("SHOW server_version_num")) {
            rs.next();
            assertTrue(rs.getInt(1) >= 160000, "PostgreSQL 16 or newer");
        }
    }
}
