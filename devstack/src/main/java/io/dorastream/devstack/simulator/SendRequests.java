package io.dorastream.devstack.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.regex.Pattern;

/**
 * Validates the bodies of {@code POST /api/v2/dora/deployment} and {@code …/failure} and turns
 * them into stored list items. Send bodies carry no {@code data.type}; timestamps are integers
 * in ns, ms or s; {@code git.repository_url} becomes {@code repository_id} on deployments.
 */
final class SendRequests {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9\\-_.:]{16,128}");
    private static final int MAX_CUSTOM_TAGS = 100;

    private SendRequests() {
    }

    /** A deployment list item from a send body; {@code generatedId} serves when the body names none. */
    static ObjectNode deployment(JsonNode body, String generatedId) {
        JsonNode in = attributes(body);
        ObjectNode item = item(in, generatedId, EventStream.DEPLOYMENTS);
        ObjectNode out = (ObjectNode) item.get("attributes");
        out.put("service", requiredString(in, "service"));
        Instant started = timestamp(in, "started_at", true);
        Instant finished = timestamp(in, "finished_at", true);
        requireOrder(started, finished);
        out.put("started_at", Timestamps.format(started));
        out.put("finished_at", Timestamps.format(finished));
        copyStrings(in, out, "env", "team", "version");
        copyCustomTags(in, out);
        JsonNode git = git(in);
        if (git != null) {
            out.putObject("git")
                    .put("commit_sha", git.get("commit_sha").asText())
                    .put("repository_id", repositoryId(git.get("repository_url").asText()));
        }
        return item;
    }

    /** A failure list item from a send body; {@code generatedId} serves when the body names none. */
    static ObjectNode failure(JsonNode body, String generatedId) {
        JsonNode in = attributes(body);
        ObjectNode item = item(in, generatedId, EventStream.FAILURES);
        ObjectNode out = (ObjectNode) item.get("attributes");
        copyStrings(in, out, "name", "severity");
        JsonNode services = in.get("services");
        if (services != null && !services.isNull()) {
            if (!services.isArray() || !allStrings(services)) {
                throw ApiException.badRequest("attribute \"services\" must be an array of strings");
            }
            out.set("services", services.deepCopy());
        }
        copyStrings(in, out, "env", "team", "version");
        if (!out.has("services") && !out.has("team")) {
            throw ApiException.badRequest("one of attributes \"services\" or \"team\" is required");
        }
        Instant started = timestamp(in, "started_at", true);
        Instant finished = timestamp(in, "finished_at", false);
        out.put("started_at", Timestamps.format(started));
        if (finished != null) {
            requireOrder(started, finished);
            out.put("finished_at", Timestamps.format(finished));
        }
        copyCustomTags(in, out);
        JsonNode git = git(in);
        if (git != null) {
            out.set("git", git.deepCopy());
        }
        return item;
    }

    private static JsonNode attributes(JsonNode body) {
        JsonNode attributes = body.path("data").path("attributes");
        if (!attributes.isObject()) {
            throw ApiException.badRequest("missing required attribute \"data.attributes\"");
        }
        return attributes;
    }

    private static ObjectNode item(JsonNode in, String generatedId, EventStream stream) {
        JsonNode id = in.get("id");
        String value = generatedId;
        if (id != null && !id.isNull()) {
            if (!id.isTextual() || !ID.matcher(id.asText()).matches()) {
                throw ApiException.badRequest("attribute \"id\" must be 16-128 characters among a-z, A-Z, 0-9, "
                        + "'-', '_', '.' and ':'");
            }
            value = id.asText();
        }
        ObjectNode item = Json.object();
        item.put("id", value);
        item.put("type", stream.itemType());
        item.putObject("attributes");
        return item;
    }

    private static String requiredString(JsonNode in, String name) {
        JsonNode value = in.get(name);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw ApiException.badRequest("missing required attribute \"" + name + "\"");
        }
        return value.asText();
    }

    private static void copyStrings(JsonNode in, ObjectNode out, String... names) {
        for (String name : names) {
            JsonNode value = in.get(name);
            if (value == null || value.isNull()) {
                continue;
            }
            if (!value.isTextual()) {
                throw ApiException.badRequest("attribute \"" + name + "\" must be a string");
            }
            out.put(name, value.asText());
        }
    }

    private static Instant timestamp(JsonNode in, String name, boolean required) {
        JsonNode value = in.get(name);
        if (value == null || value.isNull()) {
            if (required) {
                throw ApiException.badRequest("missing required attribute \"" + name + "\"");
            }
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() <= 0) {
            throw ApiException.badRequest("attribute \"" + name
                    + "\" must be a positive integer Unix timestamp in nanoseconds, milliseconds or seconds");
        }
        return Timestamps.fromEpoch(value.asLong());
    }

    private static void requireOrder(Instant started, Instant finished) {
        if (finished.isBefore(started)) {
            throw ApiException.badRequest("attribute \"finished_at\" must not be before \"started_at\"");
        }
    }

    private static void copyCustomTags(JsonNode in, ObjectNode out) {
        JsonNode tags = in.get("custom_tags");
        if (tags == null || tags.isNull()) {
            return;
        }
        if (!tags.isArray() || tags.size() > MAX_CUSTOM_TAGS || !allStrings(tags)) {
            throw ApiException.badRequest("attribute \"custom_tags\" must be an array of at most "
                    + MAX_CUSTOM_TAGS + " \"key:value\" strings");
        }
        ArrayNode copy = out.putArray("custom_tags");
        for (JsonNode tag : tags) {
            String text = tag.asText();
            if (text.indexOf(':') <= 0) {
                throw ApiException.badRequest("custom tag \"" + text + "\" does not follow the key:value pattern");
            }
            copy.add(text);
        }
    }

    private static JsonNode git(JsonNode in) {
        JsonNode git = in.get("git");
        if (git == null || git.isNull()) {
            return null;
        }
        if (!git.isObject() || !git.path("commit_sha").isTextual() || !git.path("repository_url").isTextual()) {
            throw ApiException.badRequest("attribute \"git\" requires \"commit_sha\" and \"repository_url\"");
        }
        return git;
    }

    private static boolean allStrings(JsonNode array) {
        for (JsonNode entry : array) {
            if (!entry.isTextual()) {
                return false;
            }
        }
        return true;
    }

    /** {@code https://github.com/org/repo.git} or {@code git@github.com:org/repo} → {@code github.com/org/repo}. */
    static String repositoryId(String url) {
        String id = url.trim();
        int scheme = id.indexOf("://");
        if (scheme >= 0) {
            id = id.substring(scheme + 3).replaceFirst("^[^@/]+@", "");
        } else {
            id = id.replaceFirst("^[^@/]+@", "").replaceFirst("^([^/:]+):", "$1/");
        }
        if (id.endsWith(".git")) {
            id = id.substring(0, id.length() - 4);
        }
        while (id.endsWith("/")) {
            id = id.substring(0, id.length() - 1);
        }
        return id;
    }
}
