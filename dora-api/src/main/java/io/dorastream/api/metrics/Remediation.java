package io.dorastream.api.metrics;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * How failed deployments were remediated.
 *
 * @param rollbackRate failed deployments remediated by {@code rollback} / failed deployments; null
 *                     when none failed, and under the {@code incident_link} method
 * @param byType       failed deployments per remediation type ({@code unknown} where absent), sorted by type
 */
@Schema(description = "How failed deployments were remediated")
public record Remediation(
        @Schema(required = true, nullable = true) Double rollbackRate,
        @Schema(required = true, description = "count per remediation type (rollback, rollforward, …)") Map<String, Long> byType) {

    /** The remediation type whose share is {@code rollbackRate}. */
    public static final String ROLLBACK = "rollback";
    /** The remediation type of a fix deployed forward. */
    public static final String ROLLFORWARD = "rollforward";
    /** The type under which failed deployments without remediation type are counted. */
    public static final String UNKNOWN = "unknown";
    /** The types of {@code byType} that have a column of their own in tables (CSV). */
    public static final List<String> TABULATED_TYPES = List.of(ROLLBACK, ROLLFORWARD);

    public Remediation {
        byType = Collections.unmodifiableSortedMap(new TreeMap<>(byType));
    }
}
