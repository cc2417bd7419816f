package io.dorastream.events.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.dorastream.events.DoraJson;
import io.dorastream.events.EventEnvelope;
import io.dorastream.events.serde.DeploymentEnvelopeDeserializer;
import io.dorastream.events.serde.IncidentEnvelopeDeserializer;
import io.dorastream.events.serde.JsonSerializer;
import io.dorastream.events.serde.SyncWatermarkDeserializer;

/** The JSON examples in docs/events.md (each after a {@code <!-- schema: file -->} marker) are valid records. */
class DocExamplesTest {

    private static final Path DOC = Path.of("..", "docs", "events.md");
    private static final Pattern EXAMPLE = Pattern.compile("<!-- schema: ([\\w.-]+) -->\\s*```json\\n(.*?)```", Pattern.DOTALL);

    @Test
    void examplesValidateAndRoundTrip() throws IOException {
        assumeTrue(Files.isRegularFile(DOC), "docs/events.md is not beside this module");
        Matcher m = EXAMPLE.matcher(Files.readString(DOC, StandardCharsets.UTF_8));
        int examples = 0;
        while (m.find()) {
            examples++;
            String file = m.group(1);
            ContractSchema schema = Arrays.stream(ContractSchema.values())
                    .filter(s -> s.fileName().equals(file)).findFirst()
                    .orElseThrow(() -> new AssertionError("unknown schema " + file));
            byte[] json = m.group(2).getBytes(StandardCharsets.UTF_8);
            assertEquals(List.of(), ContractSchemas.validate(schema, json), file + " example");
            // The example is exactly what the Java records write (same fields, same order, nulls included).
            Object value = switch (schema) {
                case DEPLOYMENT_ENVELOPE -> new DeploymentEnvelopeDeserializer().deserialize("t", json);
                case INCIDENT_ENVELOPE -> new IncidentEnvelopeDeserializer().deserialize("t", json);
                case SYNC_WATERMARK -> new SyncWatermarkDeserializer().deserialize("t", json);
            };
            JsonNode written = DoraJson.mapper().readTree(new JsonSerializer<>().serialize("t", value));
            assertEquals(DoraJson.mapper().readTree(json), written, file + " example as the records write it");
            if (value instanceof EventEnvelope<?> envelope) {
                assertFalse(envelope.raw().isEmpty(), "raw kept");
            }
        }
        assertEquals(3, examples, "a deployment, an incident and a watermark example");
    }
}
