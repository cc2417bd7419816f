package io.dorastream.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.dorastream.events.DoraJson;
import io.dorastream.events.EventKey;
import io.dorastream.events.EventRecords;
import io.dorastream.events.Stream;
import io.dorastream.events.Topics;
import io.dorastream.events.serde.DeploymentEnvelopeDeserializer;
import io.dorastream.events.serde.IncidentEnvelopeDeserializer;

/** Filling the event topics as the connector would, and watching the aggregator's consumer groups drain them. */
final class Kafka implements AutoCloseable {

    /** The aggregator's consumer groups of the two event topics (its application.properties). */
    static final List<String> AGGREGATOR_GROUPS = List.of("dorastream-aggregator-deployments", "dorastream-aggregator-incidents");

    /** What a fill wrote. */
    record Fill(long records, long deployments, long tombstones, long failures, long rawJsonBytes) {
        Fill plus(Fill o) {
            return new Fill(records + o.records, deployments + o.deployments, tombstones + o.tombstones,
                    failures + o.failures, rawJsonBytes + o.rawJsonBytes);
        }
    }

    private final String bootstrap;
    private final Admin admin;

    Kafka(String bootstrap) {
        this.bootstrap = bootstrap;
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        this.admin = Admin.create(p);
    }

    /** Publishes deployments {@code [fromDeployment, toDeployment)} and failures {@code [fromFailure, toFailure)}. */
    Fill fill(String prefix, Synthetic data, long fromDeployment, long toDeployment, long fromFailure, long toFailure) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, Topics.PRODUCER_COMPRESSION);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Topics.MAX_REQUEST_BYTES);
        long records = 0;
        long deployments = 0;
        long tombstones = 0;
        long raw = 0;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            String deploymentTopic = prefix + Topics.DEPLOYMENTS;
            for (long i = fromDeployment; i < toDeployment; i++) {
                deployments++;
                for (Synthetic.Version v : data.deployment(i)) {
                    producer.send(record(deploymentTopic, Stream.DEPLOYMENTS, data.connectionId(), v));
                    records++;
                    raw += v.rawBytes();
                    if (v.tombstone()) {
                        tombstones++;
                    }
                }
            }
            String failureTopic = prefix + Topics.INCIDENTS;
            for (long j = fromFailure; j < toFailure; j++) {
                Synthetic.Version v = data.failure(j);
                producer.send(record(failureTopic, Stream.FAILURES, data.connectionId(), v));
                records++;
                raw += v.rawBytes();
            }
            producer.flush();
        }
        return new Fill(records, deployments, tombstones, toFailure - fromFailure, raw);
    }

    private static ProducerRecord<String, byte[]> record(String topic, Stream stream, UUID connection, Synthetic.Version v) {
        byte[] value;
        try {
            value = v.tombstone() ? null : DoraJson.mapper().writeValueAsBytes(v.envelope());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        String key = new EventKey(connection, v.eventId()).toString();
        return new ProducerRecord<>(topic, null, key, value, EventRecords.headers(stream, connection, v.eventId(),
                Synthetic.SITE, v.version(), java.time.Instant.now(), v.tombstone()));
    }

    /** Records the aggregator's groups have yet to commit on the event topics (a group without offsets: all). */
    long aggregatorLag(String prefix) {
        try {
            List<String> topics = List.of(prefix + Topics.DEPLOYMENTS, prefix + Topics.INCIDENTS);
            Map<TopicPartition, Long> ends = endOffsets(topics);
            long lag = 0;
            for (int g = 0; g < AGGREGATOR_GROUPS.size(); g++) {
                String topic = topics.get(g);
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(AGGREGATOR_GROUPS.get(g))
                        .partitionsToOffsetAndMetadata().get();
                for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
                    if (e.getKey().topic().equals(topic)) {
                        OffsetAndMetadata c = committed.get(e.getKey());
                        lag += e.getValue() - (c == null ? 0 : c.offset());
                    }
                }
            }
            return lag;
        } catch (ExecutionException e) {
            throw new IllegalStateException("reading the aggregator's lag failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits (polling every {@code every}) until {@code done}; fails after {@code timeout}, naming {@code what}. */
    static void await(String what, Duration timeout, Duration every, BooleanSupplier done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + " not done after " + timeout);
            }
            try {
                Thread.sleep(every.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for " + what, e);
            }
        }
    }

    /** Deletes the aggregator's consumer groups (it must be stopped), so that it reads the topics from the start. */
    void deleteAggregatorGroups() {
        for (String group : AGGREGATOR_GROUPS) {
            try {
                admin.deleteConsumerGroups(List.of(group)).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                    throw new IllegalStateException("deleting consumer group " + group + " failed", e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * The bare consumer (a ceiling of B1): reads both event topics from the start and decodes every value, as the
     * aggregator does before it writes anything. Returns the records read.
     */
    long readAndDecodeAll(String prefix) {
        List<String> topics = List.of(prefix + Topics.DEPLOYMENTS, prefix + Topics.INCIDENTS);
        Map<TopicPartition, Long> ends = endOffsets(topics);
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        DeploymentEnvelopeDeserializer deployments = new DeploymentEnvelopeDeserializer();
        IncidentEnvelopeDeserializer incidents = new IncidentEnvelopeDeserializer();
        long read = 0;
        long decodedEvents = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>(ends.keySet());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> remaining = new HashMap<>(ends);
            remaining.values().removeIf(end -> end == 0);
            while (!remaining.isEmpty()) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    EventKey.parse(r.key());
                    EventRecords.version(r.headers());
                    if (r.value() != null) {
                        Object envelope = r.topic().endsWith(Topics.DEPLOYMENTS) ? deployments.deserialize(r.topic(), r.value())
                                : incidents.deserialize(r.topic(), r.value());
                        if (envelope != null) {
                            decodedEvents++;
                        }
                    }
                    read++;
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    if (r.offset() + 1 >= ends.get(tp)) {
                        remaining.remove(tp);
                    }
                }
            }
        }
        if (decodedEvents == 0 && read > 0) {
            throw new IllegalStateException("the bare consumer decoded no event out of " + read + " records");
        }
        return read;
    }

    private Map<TopicPartition, Long> endOffsets(Collection<String> topics) {
        try {
            Map<String, org.apache.kafka.clients.admin.TopicDescription> described = admin.describeTopics(topics).allTopicNames().get();
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            described.forEach((name, d) -> d.partitions().forEach(p -> request.put(new TopicPartition(name, p.partition()),
                    OffsetSpec.latest())));
            return admin.listOffsets(request).all().get().entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
        } catch (ExecutionException e) {
            throw new IllegalStateException("reading the end offsets of " + topics + " failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
