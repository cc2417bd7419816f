package io.dorastream.devstack.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/** Hand-made events for tests. */
final class TestEvents {

    private TestEvents() {
    }

    static ObjectNode deployment(String id, String service, String env, String started, String finished) {
        ObjectNode item = SimClient.JSON.createObjectNode().put("id", id).put("type", "dora_deployment");
        ObjectNode attributes = item.putObject("attributes").put("service", service).put("env", env)
                .put("started_at", started);
        if (finished != null) {
            attributes.put("finished_at", finished);
        }
        return item;
    }

    static ObjectNode failure(String id, List<String> services, String env, String started, String finished) {
        ObjectNode item = SimClient.JSON.createObjectNode().put("id", id).put("type", "dora_failure");
        ObjectNode attributes = item.putObject("attributes").put("name", "incident " + id);
        services.forEach(attributes.putArray("services")::add);
        attributes.put("env", env).put("started_at", started);
        if (finished != null) {
            attributes.put("finished_at", finished);
        }
        return item;
    }

    /** The ids of a list answer's items, in order. */
    static List<String> ids(JsonNode listAnswer) {
        List<String> ids = new ArrayList<>();
        listAnswer.path("data").forEach(item -> ids.add(item.get("id").asText()));
        return ids;
    }
}
