package io.dorastream.aggregator.messaging;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.dorastream.events.DoraJson;

/**
 * The key of a daily rollup, as in {@code deployment_daily}'s primary key ({@code ""} standing for "none").
 * On {@code dora.metrics.v1} it is the JSON text of {@code [connectionId, day, service, env, team]}.
 */
public record RollupKey(UUID connectionId, LocalDate day, String service, String env, String team) {

    /** The record key: compact JSON (no spaces), so that one rollup always has the same key bytes and is compacted. */
    public String kafkaKey() {
        try {
            return DoraJson.mapper().writeValueAsString(List.of(connectionId.toString(), day.toString(), service, env, team));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a rollup key", e);
        }
    }
}
