package io.dorastream.connector.messaging;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

import io.dorastream.connector.config.ConnectorConfig;
import io.dorastream.events.Stream;
import io.dorastream.events.TopicInitializer;
import io.dorastream.events.Topics;
import io.smallrye.common.annotation.Identifier;

/**
 * The end offsets of a stream's event topic, per partition: the offset the next record there will get.
 * {@link EventPublisher} lists them with the first watermark of a sync key in this process, which so
 * covers whatever an earlier process (or replica) published for that key before.
 */
@ApplicationScoped
public class TopicEnds {

    private static final long TIMEOUT_SECONDS = 30;

    private final Map<String, Object> settings;
    private final String prefix;
    private Admin admin;

    public TopicEnds(ConnectorConfig config, @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        this.settings = TopicInitializer.connectionSettings(kafkaConfig);
        this.prefix = config.kafka().topicPrefix().orElse("");
    }

    /** The end offset of each partition of the stream's topic, read from the brokers now. */
    public Map<Integer, Long> of(Stream stream) {
        String topic = prefix + Topics.of(stream);
        try {
            Admin a = admin();
            List<TopicPartition> partitions = a.describeTopics(List.of(topic)).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .get(topic).partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = a.listOffsets(partitions.stream()
                    .collect(Collectors.toMap(Function.identity(), p -> OffsetSpec.latest()))).all()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            Map<Integer, Long> out = new HashMap<>();
            ends.forEach((p, info) -> out.put(p.partition(), info.offset()));
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted reading the end offsets of " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the end offsets of " + topic + ": " + e.getMessage(), e);
        }
    }

    private synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(settings);
        }
        return admin;
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
    }
}
