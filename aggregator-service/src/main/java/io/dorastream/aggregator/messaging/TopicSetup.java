package io.dorastream.aggregator.messaging;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.admin.Admin;
import org.jboss.logging.Logger;

import io.dorastream.aggregator.config.AggregatorConfig;
import io.dorastream.events.TopicInitializer;
import io.dorastream.events.Topics;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

/** Creates the topics this service writes (DLQs, metrics) at start, unless {@code dorastream.kafka.create-topics=false}. */
@ApplicationScoped
public class TopicSetup {

    private static final Logger LOG = Logger.getLogger(TopicSetup.class);
    private static final List<String> WRITTEN = List.of(Topics.dlq(Topics.DEPLOYMENTS), Topics.dlq(Topics.INCIDENTS),
            Topics.METRICS);

    void onStart(@Observes StartupEvent ev, AggregatorConfig config,
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        if (!config.kafka().createTopics()) {
            return;
        }
        try (Admin admin = Admin.create(TopicInitializer.connectionSettings(kafkaConfig))) {
            List<String> created = TopicInitializer.ensure(admin, config.kafka().topicPrefix().orElse(""), WRITTEN,
                    config.kafka().partitions(), config.kafka().replicationFactor(), 30_000);
            if (!created.isEmpty()) {
                LOG.infof("created topics %s", created);
            }
        }
    }
}
