package io.dorastream.events.serde;

import java.io.IOException;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

import io.dorastream.events.DoraJson;

/** Writes any contract record as JSON; {@code null} stays {@code null} (a tombstone). */
public class JsonSerializer<T> implements Serializer<T> {

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        try {
            return DoraJson.mapper().writeValueAsBytes(data);
        } catch (IOException e) {
            throw new SerializationException("cannot serialize a record for " + topic + ": " + e.getMessage(), e);
        }
    }
}
