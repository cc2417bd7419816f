package io.dorastream.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.dorastream.events.schema.ContractSchemas;

class AsyncApiDocumentTest {

    private static JsonNode doc;

    @BeforeAll
    static void load() throws Exception {
        try (InputStream in = AsyncApiDocumentTest.class.getClassLoader().getResourceAsStream(ContractSchemas.ASYNCAPI_RESOURCE)) {
            assertNotNull(in, ContractSchemas.ASYNCAPI_RESOURCE + " is on the classpath");
            doc = new ObjectMapper(new YAMLFactory()).readTree(in);
        }
    }

    @Test
    void isAnAsyncApi3Document() {
        assertEquals("3.0.0", doc.path("asyncapi").asText());
        assertFalse(doc.path("info").path("title").asText().isEmpty());
        assertEquals("kafka", doc.path("servers").path("kafka").path("protocol").asText());
    }

    @Test
    void namesEveryTopicAsAChannelWithItsConfiguration() {
        Map<String, JsonNode> byAddress = new HashMap<>();
        doc.path("channels").forEach(channel -> byAddress.put(channel.path("address").asText(), channel));
        for (Topics.TopicSpec spec : Topics.all()) {
            JsonNode channel = byAddress.get(spec.name());
            assertNotNull(channel, "no channel for topic " + spec.name());
            JsonNode kafka = channel.path("bindings").path("kafka");
            assertEquals(spec.name(), kafka.path("topic").asText());
            JsonNode config = kafka.path("topicConfiguration");
            assertEquals(List.of(spec.config().get("cleanup.policy")),
                    List.of(config.path("cleanup.policy").get(0).asText()), spec.name());
            if (spec.config().containsKey("max.message.bytes")) {
                assertEquals(spec.config().get("max.message.bytes"), config.path("max.message.bytes").asText(), spec.name());
            }
            if (spec.config().containsKey("retention.ms")) {
                assertEquals(spec.config().get("retention.ms"), config.path("retention.ms").asText(), spec.name());
            }
            assertFalse(channel.path("messages").isEmpty(), spec.name() + " has messages");
        }
        assertEquals(Topics.all().size(), byAddress.size(), "no channel for a topic the contract lacks");
    }

    @Test
    void headersNameTheContractsHeaders() {
        JsonNode headers = doc.at("/components/schemas/EventHeaders/properties");
        for (String name : List.of(EventHeaders.VERSION, EventHeaders.SCHEMA_VERSION, EventHeaders.CE_ID, EventHeaders.CE_TYPE,
                EventHeaders.CE_SOURCE, EventHeaders.CE_TIME, EventHeaders.CE_SPECVERSION)) {
            assertTrue(headers.has(name), name);
        }
        List<String> types = new ArrayList<>();
        headers.path(EventHeaders.CE_TYPE).path("enum").forEach(t -> types.add(t.asText()));
        assertEquals(List.of(EventHeaders.CE_TYPE_DEPLOYMENT, EventHeaders.CE_TYPE_DEPLOYMENT + EventHeaders.CE_TYPE_DELETED_SUFFIX,
                EventHeaders.CE_TYPE_INCIDENT, EventHeaders.CE_TYPE_INCIDENT + EventHeaders.CE_TYPE_DELETED_SUFFIX), types);
        JsonNode dlq = doc.at("/components/schemas/DeadLetterHeaders/properties");
        for (String name : List.of(EventHeaders.DLQ_REASON, EventHeaders.DLQ_EXCEPTION_CLASS_NAME, EventHeaders.DLQ_CAUSE,
                EventHeaders.DLQ_CAUSE_CLASS_NAME, EventHeaders.DLQ_TOPIC, EventHeaders.DLQ_PARTITION, EventHeaders.DLQ_OFFSET)) {
            assertTrue(dlq.has(name), name);
        }
    }

    @Test
    void everyReferenceResolves() {
        List<String> refs = new ArrayList<>();
        collectRefs(doc, refs);
        assertFalse(refs.isEmpty());
        for (String ref : refs) {
            if (ref.startsWith("#")) {
                assertFalse(doc.at(ref.substring(1)).isMissingNode(), "dangling " + ref);
            } else {
                assertTrue(ref.startsWith("./schemas/"), ref);
                String file = ref.substring("./schemas/".length());
                assertTrue(ContractSchemas.SCHEMA_FILES.contains(file), ref);
                assertNotNull(getClass().getClassLoader().getResource(ContractSchemas.RESOURCE_DIR + file), ref);
            }
        }
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                if (e.getKey().equals("$ref")) {
                    refs.add(e.getValue().asText());
                } else {
                    collectRefs(e.getValue(), refs);
                }
            }
        } else if (node.isArray()) {
            node.forEach(child -> collectRefs(child, refs));
        }
    }
}
