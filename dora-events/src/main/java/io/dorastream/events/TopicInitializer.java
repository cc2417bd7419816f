package io.dorastream.events;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates the topics that are missing; leaves existing ones (and their settings) alone. */
public final class TopicInitializer {

    private TopicInitializer() {
    }

    /**
     * The broker connection settings (bootstrap servers, TLS, SASL, DNS lookup) out of a full client
     * configuration, e.g. the {@code kafka.*} map a framework collected, for an {@link Admin} client.
     */
    public static Map<String, Object> connectionSettings(Map<String, ?> clientConfig) {
        Map<String, Object> admin = new HashMap<>();
        clientConfig.forEach((k, v) -> {
            if (k.startsWith("bootstrap.") || k.startsWith("security.") || k.startsWith("sasl.") || k.startsWith("ssl.")
                    || k.equals("client.dns.lookup")) {
                admin.put(k, v);
            }
        });
        return admin;
    }

    /**
     * Creates the named topics of the contract ({@link Topics#all()}) that are missing, each name
     * behind {@code prefix}: what a service calls at start for the topics it writes.
     *
     * @return the (prefixed) names of the topics this call created
     */
    public static List<String> ensure(Admin admin, String prefix, Collection<String> names, int partitions,
            short replicationFactor, long timeoutMillis) {
        List<Topics.TopicSpec> specs = Topics.all().stream().filter(t -> names.contains(t.name()))
                .map(t -> t.withPrefix(prefix)).toList();
        if (specs.size() != names.size()) {
            throw new IllegalArgumentException("not topics of the contract: " + names);
        }
        return ensure(admin, specs, partitions, replicationFactor, timeoutMillis);
    }

    /**
     * @return the names of the topics this call created
     */
    public static List<String> ensure(Admin admin, Collection<Topics.TopicSpec> specs, int partitions,
            short replicationFactor, long timeoutMillis) {
        try {
            Set<String> existing = admin.listTopics().names().get(timeoutMillis, TimeUnit.MILLISECONDS);
            List<NewTopic> missing = specs.stream()
                    .filter(s -> !existing.contains(s.name()))
                    .map(s -> new NewTopic(s.name(), partitions, replicationFactor).configs(s.config()))
                    .toList();
            if (missing.isEmpty()) {
                return List.of();
            }
            try {
                admin.createTopics(missing).all().get(timeoutMillis, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                // Another replica created it between our listing and our creation: that is fine.
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            return missing.stream().map(NewTopic::name).toList();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not create topics " + specs.stream().map(Topics.TopicSpec::name).toList()
                    + ": " + (e.getCause() != null ? e.getCause() : e), e);
        }
    }
}
