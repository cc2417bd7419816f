package io.dorastream.events.schema;

import java.io.FileNotFoundException;
import java.io.InputStream;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.resource.InputStreamSource;


/**
 * The only class that touches networknt's json-schema-validator, so that {@link ContractSchemas} loads
 * (and can say what is missing) without it. Schemas are read from this jar, never from the network.
 */
final class NetworkntValidator {

    private final Map<ContractSchema, JsonSchema> schemas = new EnumMap<>(ContractSchema.class);

    private NetworkntValidator() {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012, builder -> builder
                .schemaLoaders(loaders -> loaders.add(iri -> classpathSource(iri.toString()))));
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
                .formatAssertionsEnabled(true) // 2020-12 treats format as an annotation unless told otherwise
                .pathType(PathType.JSON_PATH)  // errors name the instance as $.event.startedAt
                .build();
        for (ContractSchema s : ContractSchema.values()) {
            JsonSchema schema = factory.getSchema(SchemaLocation.of(s.id()), config);
            schema.initializeValidators(); // resolve every $ref now: a broken schema fails here, not mid-test
            schemas.put(s, schema);
        }
    }

    static NetworkntValidator create() {
        return new NetworkntValidator();
    }

    /** Validation errors, e.g. {@code $.version: must have a minimum value of 1}, sorted; empty when valid. */
    List<String> validate(ContractSchema schema, JsonNode json) {
        return schemas.get(schema).validate(json).stream()
                .map(ValidationMessage::getMessage)
                .sorted()
                .toList();
    }

    private static InputStreamSource classpathSource(String iri) {
        if (!iri.startsWith(ContractSchemas.BASE_URI)) {
            return null; // not ours: the 2020-12 meta-schemas are built into the validator
        }
        String resource = ContractSchemas.RESOURCE_DIR + iri.substring(ContractSchemas.BASE_URI.length());
        int fragment = resource.indexOf('#');
        String path = fragment < 0 ? resource : resource.substring(0, fragment);
        if (NetworkntValidator.class.getClassLoader().getResource(path) == null) {
            return null;
        }
        return () -> {
            InputStream in = NetworkntValidator.class.getClassLoader().getResourceAsStream(path);
            if (in == null) {
                throw new FileNotFoundException("classpath resource " + path);
            }
            return in;
        };
    }
}
