package io.dorastream.api.openapi;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;

import io.dorastream.api.benchmark.Benchmarks;

/**
 * Writes into an OpenAPI document what the contract defines as data rather than as annotations: the
 * values of every {@code benchmark} query parameter (with the default), of the comparison group
 * parameters ({@code industry}, {@code orgSize}) and of the summary's {@code benchmark} field, from
 * {@link Benchmarks#builtIn()}. It also makes every nullable reference property accept null by its
 * {@code type} as well as its {@code anyOf} (the generator leaves {@code "type": "object"} on some, e.g.
 * a record's last component, which a validator reads as "null not allowed"). A service registers it with
 * {@code mp.openapi.filter}, or calls it from its own filter.
 */
public class ContractDocumentFilter implements OASFilter {

    /** The name of the query parameter and of the summary's field that name a benchmark. */
    public static final String BENCHMARK = "benchmark";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Benchmarks benchmarks = Benchmarks.builtIn();
        List<Object> names = new ArrayList<>(benchmarks.names());
        if (openAPI.getPaths() != null && openAPI.getPaths().getPathItems() != null) {
            openAPI.getPaths().getPathItems().values().forEach(item -> item.getOperations().values().forEach(op -> {
                if (op.getParameters() != null) {
                    for (Parameter p : op.getParameters()) {
                        if (p.getIn() != Parameter.In.QUERY || p.getSchema() == null) {
                            continue;
                        }
                        if (BENCHMARK.equals(p.getName())) {
                            p.getSchema().enumeration(names).defaultValue(benchmarks.defaultBenchmark().name());
                        } else if (Benchmarks.FAMILIES.contains(p.getName())) {
                            p.getSchema().enumeration(new ArrayList<>(benchmarks.groupKeys(p.getName())));
                        }
                    }
                }
            }));
        }
        if (openAPI.getComponents() != null && openAPI.getComponents().getSchemas() != null) {
            openAPI.getComponents().getSchemas().values().forEach(ContractDocumentFilter::nullableReferences);
            Schema summary = openAPI.getComponents().getSchemas().get("Summary");
            if (summary != null && summary.getProperties() != null && summary.getProperties().get(BENCHMARK) != null) {
                summary.getProperties().get(BENCHMARK).enumeration(names);
            }
        }
    }

    /** A property "anyOf: [{$ref}, {type: null}]" whose own type omits null gets null added to it. */
    static void nullableReferences(Schema schema) {
        if (schema.getProperties() == null) {
            return;
        }
        for (Schema property : schema.getProperties().values()) {
            boolean nullable = property.getAnyOf() != null && property.getAnyOf().stream()
                    .anyMatch(s -> s.getType() != null && s.getType().equals(List.of(Schema.SchemaType.NULL)));
            if (nullable && property.getType() != null && !property.getType().contains(Schema.SchemaType.NULL)) {
                property.addType(Schema.SchemaType.NULL);
            }
        }
    }
}
