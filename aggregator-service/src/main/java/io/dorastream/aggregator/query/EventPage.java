package io.dorastream.aggregator.query;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** One page of an events listing, newest first. */
public record EventPage(
        @Schema(description = "The events: connectionId, eventId, version (the event's version number, as in the"
                + " topic's envelope), the normalized event's fields (its own version string as serviceVersion),"
                + " for deployments changeFailure (failed, ok, pending or null), and raw (Datadog's attributes).")
        List<ObjectNode> items,
        @Schema(description = "Pass as cursor to read the next page; null on the last page.", nullable = true)
        String nextCursor) {
}
